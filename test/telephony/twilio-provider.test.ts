import twilio from 'twilio';
import {
  classifyTwilioFailure,
  isPermanentTelephonyError,
  TelephonyError,
} from '../../src/telephony/telephony';
import { BaseUrlRequestClient, rebase, TwilioProvider } from '../../src/telephony/twilio-provider';
import { ACCOUNT_SID, AUTH_TOKEN, NIGHTLINE_NUMBER } from './fake-nightline';
import { ONCALL_PHONE, useTelephonyHarness } from './harness';

const h = useTelephonyHarness();

const callTo = (to: string) => ({
  to,
  url: h.app.url('/twilio/voice'),
  statusCallback: h.app.url('/twilio/status'),
});
const failure = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  );

describe('rebase', () => {
  it('moves an SDK URI onto the configured base, keeping path and query', () => {
    const base = new URL('http://127.0.0.1:4010/twilio-sim/');
    expect(rebase('https://api.twilio.com/2010-04-01/Accounts/AC1/Calls.json?Page=1', base)).toBe(
      'http://127.0.0.1:4010/twilio-sim/2010-04-01/Accounts/AC1/Calls.json?Page=1',
    );
    expect(rebase('https://api.sydney.au1.twilio.com/v1/x', new URL('http://127.0.0.1:4010'))).toBe(
      'http://127.0.0.1:4010/v1/x',
    );
  });
});

describe('classifyTwilioFailure', () => {
  it.each([
    [{ httpStatus: 400, code: 21211 }, 'permanent'],
    [{ httpStatus: 400, code: 21614 }, 'permanent'],
    [{ httpStatus: 401, code: 20003 }, 'permanent'],
    [{ httpStatus: 400, code: 99999 }, 'permanent'],
    [{ httpStatus: 429, code: 20429 }, 'transient'],
    [{ httpStatus: 503 }, 'transient'],
    [{}, 'transient'],
  ] as const)('%j is %s', (failure, kind) => {
    expect(classifyTwilioFailure(failure)).toBe(kind);
  });
});

describe('TwilioProvider against the simulator', () => {
  it('sends every REST request to apiBaseUrl, even with TWILIO_REGION/TWILIO_EDGE set', async () => {
    const saved = { region: process.env.TWILIO_REGION, edge: process.env.TWILIO_EDGE };
    process.env.TWILIO_REGION = 'au1';
    process.env.TWILIO_EDGE = 'sydney';
    try {
      const provider = new TwilioProvider({
        accountSid: ACCOUNT_SID,
        authToken: AUTH_TOKEN,
        fromNumber: NIGHTLINE_NUMBER,
        apiBaseUrl: h.sim.baseUrl,
      });
      const call = await provider.placeCall(callTo(ONCALL_PHONE));
      const sms = await provider.sendSms({ to: ONCALL_PHONE, body: 'hi' });
      await provider.hangUp(call.sid).catch(() => undefined);
      const paths = h.sim.records.requests.map((r) => `${r.method} ${r.path}`);
      expect(paths).toEqual(['POST /Calls.json', 'POST /Messages.json', `POST /Calls/${call.sid}.json`]);
      expect(h.sim.records.message(sms.sid)?.from).toBe(NIGHTLINE_NUMBER);
    } finally {
      for (const [k, v] of [
        ['TWILIO_REGION', saved.region],
        ['TWILIO_EDGE', saved.edge],
      ] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });

  it('passes status callback events, machine detection and timeout as Twilio form fields', async () => {
    await h.provider.placeCall({
      ...callTo(ONCALL_PHONE),
      statusCallbackEvents: ['ringing', 'answered'],
      machineDetection: 'DetectMessageEnd',
      asyncAmd: true,
      asyncAmdStatusCallback: h.app.url('/twilio/amd'),
      timeoutSeconds: 25,
    });
    expect(h.sim.records.requests[0]?.params).toMatchObject({
      StatusCallbackEvent: ['ringing', 'answered'],
      MachineDetection: 'DetectMessageEnd',
      AsyncAmd: 'true',
      Timeout: '25',
      From: NIGHTLINE_NUMBER,
    });
  });

  it('an invalid To number comes back as 400/21211 and surfaces as a permanent error', async () => {
    const err = await failure(h.provider.placeCall(callTo('555-0100')));
    expect(err).toBeInstanceOf(TelephonyError);
    expect(err).toMatchObject({ kind: 'permanent', code: 21211, httpStatus: 400, retryable: false });
    expect(h.sim.records.requests[0]).toMatchObject({ status: 400, errorCode: 21211 });
  });

  it('bad credentials are a permanent 401/20003', async () => {
    const wrong = new TwilioProvider({
      accountSid: ACCOUNT_SID,
      authToken: 'wrong-token',
      fromNumber: NIGHTLINE_NUMBER,
      apiBaseUrl: h.sim.baseUrl,
    });
    const err = await failure(wrong.sendSms({ to: ONCALL_PHONE, body: 'hi' }));
    expect(isPermanentTelephonyError(err)).toBe(true);
    expect(err).toMatchObject({ code: 20003, httpStatus: 401 });
  });

  it('a 503 from Twilio is transient, and the retry goes through', async () => {
    h.sim.failNextRequests(1, 503);
    const err = await failure(h.provider.placeCall(callTo(ONCALL_PHONE)));
    expect(err).toMatchObject({ kind: 'transient', httpStatus: 503, retryable: true });
    await expect(h.provider.placeCall(callTo(ONCALL_PHONE))).resolves.toMatchObject({ status: 'queued' });
  });

  it('an unreachable API is transient', async () => {
    const offline = new TwilioProvider({
      accountSid: ACCOUNT_SID,
      authToken: AUTH_TOKEN,
      fromNumber: NIGHTLINE_NUMBER,
      apiBaseUrl: 'http://127.0.0.1:1',
    });
    const err = await failure(offline.placeCall(callTo(ONCALL_PHONE)));
    expect(err).toMatchObject({ kind: 'transient' });
  });

  it('hanging up a call that already ended is a permanent 21220', async () => {
    const placed = await h.provider.placeCall(callTo(ONCALL_PHONE));
    await h.sim.records.waitForCallEnd(placed.sid);
    const err = await failure(h.provider.hangUp(placed.sid));
    expect(err).toMatchObject({ kind: 'permanent', code: 21220 });
  });

  it('the SDK can fetch and list calls and messages through the same base URL', async () => {
    const client = twilio(ACCOUNT_SID, AUTH_TOKEN, { httpClient: new BaseUrlRequestClient(h.sim.baseUrl) });
    const placed = await h.provider.placeCall(callTo(ONCALL_PHONE));
    const sms = await h.provider.sendSms({ to: ONCALL_PHONE, body: 'hello' });
    await h.sim.records.waitForCallEnd(placed.sid);

    const fetched = await client.calls(placed.sid).fetch();
    expect(fetched).toMatchObject({
      sid: placed.sid,
      status: 'no-answer',
      to: ONCALL_PHONE,
      direction: 'outbound-api',
    });
    expect(fetched.dateCreated).toBeInstanceOf(Date);
    expect((await client.calls.list({ to: ONCALL_PHONE })).map((c) => c.sid)).toEqual([placed.sid]);
    expect(await client.messages(sms.sid).fetch()).toMatchObject({ body: 'hello', from: NIGHTLINE_NUMBER });
    const missing = await failure(client.calls(`CA${'0'.repeat(32)}`).fetch());
    expect(missing).toMatchObject({ status: 404, code: 20404 });
  });
});

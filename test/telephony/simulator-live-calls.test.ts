import twilio from 'twilio';
import { BaseUrlRequestClient } from '../../src/telephony/twilio-provider';
import { ACCOUNT_SID, AUTH_TOKEN, NIGHTLINE_NUMBER } from './fake-nightline';
import { ONCALL_PHONE, SECONDARY_PHONE, useTelephonyHarness } from './harness';

// 20 ms per simulated second: a 60 s ring takes 1.2 s, long enough to act on a call in flight.
const h = useTelephonyHarness({ msPerSimSecond: 20, callsPerSecond: 10 });

async function placeLongCall() {
  h.app.twiml(
    '/twilio/voice',
    '<Response><Say>Alert.</Say><Pause length="300"/><Say>never said</Say></Response>',
  );
  return h.provider.placeCall({
    to: ONCALL_PHONE,
    url: h.app.url('/twilio/voice'),
    statusCallback: h.app.url('/twilio/status'),
    statusCallbackEvents: ['answered', 'completed'],
  });
}

describe('Twilio simulator: calls in flight', () => {
  it('when Nightline hangs up a live call, it completes at once and the completed callback follows', async () => {
    h.sim.phone(ONCALL_PHONE).answers({ ringSeconds: 1 });
    const placed = await placeLongCall();
    await h.app.waitForHit('/twilio/voice');
    await h.provider.hangUp(placed.sid);

    const call = await h.sim.records.waitForCallEnd(placed.sid, 3000);
    expect(call.status).toBe('completed');
    expect(call.events.some((e) => e.type === 'hangup' && e.by === 'api')).toBe(true);
    expect(call.events.some((e) => e.type === 'say' && e.text === 'never said')).toBe(false);
    expect(h.app.hitsTo('/twilio/status').map((s) => s.params.CallStatus)).toEqual([
      'in-progress',
      'completed',
    ]);
  });

  it('when Nightline hangs up a call that is still ringing, it ends as canceled without fetching TwiML', async () => {
    const placed = await placeLongCall();
    await h.sim.records.waitFor(() => h.sim.records.call(placed.sid)?.status === 'ringing');
    await h.provider.hangUp(placed.sid);
    const call = await h.sim.records.waitForCallEnd(placed.sid, 3000);
    expect(call.status).toBe('canceled');
    expect(h.app.hitsTo('/twilio/voice')).toHaveLength(0);
    expect(h.app.hitsTo('/twilio/status').at(-1)?.params.CallStatus).toBe('canceled');
  });

  it('a call updated with new TwiML mid-call switches to it', async () => {
    h.sim.phone(ONCALL_PHONE).answers({ ringSeconds: 1 });
    const client = twilio(ACCOUNT_SID, AUTH_TOKEN, { httpClient: new BaseUrlRequestClient(h.sim.baseUrl) });
    const placed = await placeLongCall();
    await h.app.waitForHit('/twilio/voice');
    await client.calls(placed.sid).update({ twiml: '<Response><Say>Escalated, goodbye.</Say></Response>' });
    const call = await h.sim.records.waitForCallEnd(placed.sid, 3000);
    expect(call.events.filter((e) => e.type === 'say').map((e) => (e.type === 'say' ? e.text : ''))).toEqual([
      'Alert.',
      'Escalated, goodbye.',
    ]);
  });

  it('when the person hangs up during a Gather, no digits are posted and the call completes', async () => {
    h.sim.phone(ONCALL_PHONE).answers({ ringSeconds: 1, hangUpAfterSeconds: 4 });
    h.app.twiml(
      '/twilio/voice',
      '<Response><Gather timeout="30" action="/twilio/ack"><Say>Press 1.</Say></Gather></Response>',
    );
    const placed = await h.provider.placeCall({
      to: ONCALL_PHONE,
      url: h.app.url('/twilio/voice'),
      statusCallback: h.app.url('/twilio/status'),
    });
    const call = await h.sim.records.waitForCallEnd(placed.sid, 3000);
    expect(call).toMatchObject({ status: 'completed', duration: 4 });
    expect(call.events.some((e) => e.type === 'hangup' && e.by === 'party')).toBe(true);
    expect(h.app.hitsTo('/twilio/ack')).toHaveLength(0);
    expect(h.app.hitsTo('/twilio/status')[0]?.params).toMatchObject({
      CallStatus: 'completed',
      CallDuration: '4',
    });
  });

  it('reset() ends calls in flight without any further webhooks', async () => {
    h.sim.phone(ONCALL_PHONE).answers({ ringSeconds: 1 });
    const placed = await placeLongCall();
    await h.app.waitForHit('/twilio/voice');
    const call = h.sim.records.call(placed.sid)!;
    h.sim.reset();
    h.app.hits.length = 0;
    await h.sim.records.waitFor(() => call.finished, 3000);
    expect(call.status).toBe('completed');
    expect(h.sim.records.calls).toHaveLength(0);
    expect(h.app.hits).toHaveLength(0);
  });

  it('spaces out call starts at the configured calls per second', async () => {
    for (const n of [ONCALL_PHONE, SECONDARY_PHONE]) h.sim.phone(n).busy();
    const placed = await Promise.all(
      [ONCALL_PHONE, SECONDARY_PHONE, ONCALL_PHONE].map((to) =>
        h.provider.placeCall({ to, url: h.app.url('/v'), statusCallback: h.app.url('/s') }),
      ),
    );
    const calls = await Promise.all(placed.map((p) => h.sim.records.waitForCallEnd(p.sid, 3000)));
    const ends = calls.map((c) => c.endTime!.getTime()).sort((a, b) => a - b);
    expect(ends[2]! - ends[0]!).toBeGreaterThanOrEqual(150);
  });
});

describe('Twilio simulator: inbound calls', () => {
  it('a caller who leaves a voicemail reaches the voiceUrl, then the recording action', async () => {
    h.sim.configureNumber(NIGHTLINE_NUMBER, { voiceUrl: h.app.url('/twilio/inbound') });
    h.app.twiml(
      '/twilio/inbound',
      '<Response><Say>Leave a message for the on-call engineer.</Say><Record action="/twilio/voicemail" maxLength="60"/></Response>',
    );
    h.app.twiml('/twilio/voicemail', '<Response><Say>Thanks.</Say></Response>');

    const call = h.sim.placeInboundCall({
      from: ONCALL_PHONE,
      to: NIGHTLINE_NUMBER,
      script: { record: { seconds: 12, endWith: '#' } },
    });
    await h.sim.records.waitForCallEnd(call.sid, 5000);
    expect(h.app.hitsTo('/twilio/inbound')[0]).toMatchObject({
      signatureValid: true,
      params: { CallStatus: 'ringing', Direction: 'inbound', From: ONCALL_PHONE, To: NIGHTLINE_NUMBER },
    });
    expect(h.app.hitsTo('/twilio/voicemail')[0]?.params).toMatchObject({
      RecordingDuration: '12',
      Digits: '#',
      CallStatus: 'in-progress',
    });
  });

  it('a call the app rejects ends busy without being answered', async () => {
    h.sim.configureNumber(NIGHTLINE_NUMBER, { voiceUrl: h.app.url('/twilio/inbound') });
    h.app.twiml('/twilio/inbound', '<Response><Reject reason="busy"/></Response>');
    const call = h.sim.placeInboundCall({ from: ONCALL_PHONE, to: NIGHTLINE_NUMBER });
    const ended = await h.sim.records.waitForCallEnd(call.sid);
    expect(ended).toMatchObject({ status: 'busy', startTime: null });
  });
});

import { ACCOUNT_SID, AUTH_TOKEN, NIGHTLINE_NUMBER } from './fake-nightline';
import { ONCALL_PHONE, useTelephonyHarness } from './harness';

const h = useTelephonyHarness();

const basic = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;

function post(path: string, form: Record<string, string>, auth = basic(ACCOUNT_SID, AUTH_TOKEN)) {
  return fetch(`${h.sim.baseUrl}/2010-04-01/Accounts/${ACCOUNT_SID}${path}`, {
    method: 'POST',
    headers: { Authorization: auth, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
}

const json = (path: string, body?: unknown, method = body === undefined ? 'GET' : 'POST') =>
  fetch(`${h.sim.baseUrl}/_sim${path}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }));

describe('Twilio simulator: REST API', () => {
  it('bad basic auth gets 401 in Twilio error format', async () => {
    const res = await post('/Calls.json', { To: ONCALL_PHONE }, basic(ACCOUNT_SID, 'wrong'));
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('Basic');
    expect(await res.json()).toEqual({
      code: 20003,
      message: 'Authenticate',
      more_info: 'https://www.twilio.com/docs/errors/20003',
      status: 401,
    });
  });

  it.each([
    [{ From: NIGHTLINE_NUMBER, Url: 'http://127.0.0.1:9/x' }, 21604],
    [{ To: '5551230001', From: NIGHTLINE_NUMBER, Url: 'http://127.0.0.1:9/x' }, 21211],
    [{ To: ONCALL_PHONE, Url: 'http://127.0.0.1:9/x' }, 21603],
    [{ To: ONCALL_PHONE, From: NIGHTLINE_NUMBER }, 21205],
    [{ To: ONCALL_PHONE, From: NIGHTLINE_NUMBER, Url: 'not a url' }, 21205],
  ])('a call request %j is refused with code %i', async (form, code) => {
    const res = await post('/Calls.json', form);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      code,
      status: 400,
      more_info: `https://www.twilio.com/docs/errors/${code}`,
    });
  });

  it('creates a call with inline Twiml and answers in Twilio resource shape', async () => {
    h.sim.phone(ONCALL_PHONE).answers();
    const res = await post('/Calls.json', {
      To: ONCALL_PHONE,
      From: NIGHTLINE_NUMBER,
      Twiml: '<Response><Say>Hi</Say></Response>',
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      sid: expect.stringMatching(/^CA[0-9a-f]{32}$/),
      account_sid: ACCOUNT_SID,
      status: 'queued',
      direction: 'outbound-api',
      api_version: '2010-04-01',
      uri: `/2010-04-01/Accounts/${ACCOUNT_SID}/Calls/${String(body.sid)}.json`,
      date_created: expect.stringMatching(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$/),
    });
    const call = await h.sim.records.waitForCallEnd(String(body.sid));
    expect(call.events.find((e) => e.type === 'twiml')).toMatchObject({ url: null });
    expect(call.events.find((e) => e.type === 'say')).toMatchObject({ text: 'Hi' });
  });

  it('records every REST request with a timestamp', async () => {
    const before = Date.now();
    await post('/Messages.json', { To: ONCALL_PHONE, From: NIGHTLINE_NUMBER, Body: 'one' });
    await post('/Messages.json', { To: ONCALL_PHONE, From: NIGHTLINE_NUMBER });
    expect(h.sim.records.requests).toEqual([
      expect.objectContaining({ method: 'POST', path: '/Messages.json', status: 201 }),
      expect.objectContaining({ method: 'POST', path: '/Messages.json', status: 400, errorCode: 21602 }),
    ]);
    expect(h.sim.records.requests[0]!.at).toBeGreaterThanOrEqual(before);
  });
});

describe('Twilio simulator: /_sim control API', () => {
  it('scripts a phone, configures a number and drives an inbound SMS and call with JSON', async () => {
    expect(
      (await json(`/phones/${ONCALL_PHONE}`, { script: { answer: 'human', pressDigits: ['1'] } })).status,
    ).toBe(200);
    h.app.twiml('/twilio/voice', '<Response><Gather numDigits="1" action="/twilio/ack"/></Response>');
    const cfg = await json(`/numbers/${NIGHTLINE_NUMBER}`, {
      voiceUrl: h.app.url('/twilio/voice'),
      smsUrl: h.app.url('/twilio/sms'),
    });
    expect(cfg.body).toMatchObject({ number: NIGHTLINE_NUMBER, voiceUrl: h.app.url('/twilio/voice') });

    const sms = await json('/sms', { from: ONCALL_PHONE, to: NIGHTLINE_NUMBER, body: 'ack' });
    expect(sms.body).toMatchObject({
      message: { body: 'ack', direction: 'inbound' },
      webhook: { responseStatus: 204 },
    });

    const call = await json('/calls', {
      from: ONCALL_PHONE,
      to: NIGHTLINE_NUMBER,
      script: { pressDigits: ['3'] },
    });
    expect(call.status).toBe(201);
    await h.sim.records.waitForCallEnd(String(call.body.sid));
    expect(h.app.hitsTo('/twilio/ack')[0]?.params.Digits).toBe('3');

    const listed = await json('/calls');
    expect(listed.body).toEqual([
      expect.objectContaining({ sid: call.body.sid, direction: 'inbound', status: 'completed' }),
    ]);
  });

  it('answers 400 with the offending fields for a bad script', async () => {
    const res = await json(`/phones/${ONCALL_PHONE}`, { script: { answer: 'maybe', pressDigits: ['x'] } });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'validation_failed' } });
    expect(JSON.stringify(res.body)).toContain('script.answer');
  });
});

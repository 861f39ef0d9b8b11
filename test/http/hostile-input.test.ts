import request from 'supertest';
import { buildTestApp, type TestApp } from '../fixtures/app';
import { aSchedule } from '../fixtures/builders';
import { fakeEngine, twilioPost } from './twilio-harness';

const key = (c: string) => c.repeat(32);
const event = (routingKey: string) => ({
  routing_key: routingKey,
  event_action: 'trigger',
  payload: { summary: 'disk full', source: 'host-1', severity: 'error' },
});
const big = (kb: number) => 'x'.repeat(kb * 1024);

describe('rate limits on the public endpoints', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({
      env: { RATE_LIMIT_EVENTS_PER_MINUTE: '3', RATE_LIMIT_WEBHOOKS_PER_MINUTE: '2' },
      deps: { alertEngine: fakeEngine().engine },
    });
  });
  afterAll(() => t.close());

  it('when one routing key sends more events a minute than allowed, /v2/enqueue answers 429 with Retry-After, and other keys still get through', async () => {
    const noisy = key('a');
    for (let i = 0; i < 3; i++)
      expect((await request(t.app).post('/v2/enqueue').send(event(noisy))).status).toBe(400);
    const limited = await request(t.app).post('/v2/enqueue').send(event(noisy));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.body).toMatchObject({
      status: 'throttled',
      message: expect.stringMatching(/too many requests/),
    });
    expect(
      (
        await request(t.app)
          .post('/v2/enqueue')
          .send(event(key('b')))
      ).status,
    ).toBe(400);
  });

  it('when Alertmanager floods one routing key, its webhook answers 429 with Retry-After in the API error shape', async () => {
    const path = `/integrations/alertmanager/${key('c')}`;
    const body = { version: '4', alerts: [] };
    for (let i = 0; i < 3; i++) expect((await request(t.app).post(path).send(body)).status).toBe(404);
    const limited = await request(t.app).post(path).send(body);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.body.error.code).toBe('rate_limited');
  });

  it('when one address hammers the Twilio webhooks unsigned, it gets 429 with Retry-After', async () => {
    for (let i = 0; i < 2; i++)
      expect(
        (await request(t.app).post('/twilio/voice/status').type('form').send({ CallSid: 'CA1' })).status,
      ).toBe(403);
    const limited = await request(t.app).post('/twilio/voice/status').type('form').send({ CallSid: 'CA1' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.body.error).toMatchObject({ code: 'rate_limited' });
  });
});

describe("Twilio's own callbacks", () => {
  it('are never rate-limited, however many come from one address (a storm, behind one proxy): only unsigned requests count', async () => {
    const t = await buildTestApp({ env: { RATE_LIMIT_WEBHOOKS_PER_MINUTE: '2' }, deps: { alertEngine: fakeEngine().engine } });
    try {
      for (let i = 0; i < 8; i++) {
        expect((await twilioPost(t, '/twilio/voice/status', { CallSid: `CA${i}`, CallStatus: 'completed' })).status).toBe(200);
      }
      const unsigned = () => request(t.app).post('/twilio/voice/status').type('form').send({ CallSid: 'CA1', CallStatus: 'completed' });
      expect((await unsigned()).status).toBe(403);
      expect((await twilioPost(t, '/twilio/voice/status', { CallSid: 'CA1', CallStatus: 'completed' }, 'forged')).status).toBe(403);
      expect((await unsigned()).status).toBe(429);
      expect((await twilioPost(t, '/twilio/voice/status', { CallSid: 'CA9', CallStatus: 'completed' })).status).toBe(200);
    } finally {
      await t.close();
    }
  });
});

describe('the client address behind the limits', () => {
  it('when a caller sends a made-up X-Forwarded-For, it is still limited by its own address (no proxy is trusted by default)', async () => {
    const t = await buildTestApp({ env: { RATE_LIMIT_WEBHOOKS_PER_MINUTE: '1' }, deps: { alertEngine: fakeEngine().engine } });
    try {
      const send = (forwardedFor: string) =>
        request(t.app).post('/twilio/voice/status').set('X-Forwarded-For', forwardedFor).type('form').send({ CallSid: 'CA1' });
      expect((await send('203.0.113.1')).status).toBe(403);
      const spoofed = await send('203.0.113.2');
      expect(spoofed.status).toBe(429);
      expect(spoofed.body.error).toMatchObject({ code: 'rate_limited' });
    } finally {
      await t.close();
    }
  });
});

describe('the one-click email links are public, so they are rate-limited per address too', () => {
  it('when one address keeps trying email action links, it gets 429 with Retry-After', async () => {
    const t = await buildTestApp({ env: { RATE_LIMIT_WEBHOOKS_PER_MINUTE: '1' }, deps: { alertEngine: fakeEngine().engine } });
    try {
      expect((await request(t.app).get('/channels/email/actions/forged-token')).status).toBe(400);
      const limited = await request(t.app).get('/channels/email/actions/another-forged-token');
      expect(limited.status).toBe(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await t.close();
    }
  });
});

describe('body-size limits on every route that reads a body', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ deps: { alertEngine: fakeEngine().engine } });
  });
  afterAll(() => t.close());
  const auth = () => ({ Authorization: `Bearer ${t.token}` });

  it('when an admin API body is over 512 KB, the answer is 413 payload_too_large in the API error shape', async () => {
    const res = await request(t.app)
      .post('/api/v1/users')
      .set(auth())
      .send({ name: big(600) });
    expect(res.status).toBe(413);
    expect(res.body).toEqual({ error: { code: 'payload_too_large', message: 'request body too large' } });
  });

  it('when an event is over 512 KB, /v2/enqueue answers 413 as PagerDuty does', async () => {
    const res = await request(t.app)
      .post('/v2/enqueue')
      .send({ ...event(key('d')), payload: { summary: big(600) } });
    expect(res.status).toBe(413);
    expect(res.body.errors).toEqual(['body must be at most 512 KB']);
  });

  it('when a Twilio webhook form is over 64 KB, it is refused with 413 before its signature is checked', async () => {
    const res = await request(t.app)
      .post('/twilio/sms/incoming')
      .type('form')
      .send({ Body: big(70) });
    expect(res.status).toBe(413);
  });

  it('when an iCalendar import is over 1 MB, it is refused with 413', async () => {
    const s = await aSchedule(t);
    const res = await request(t.app)
      .post(`/api/v1/schedules/${s.id}/holidays/import`)
      .set(auth())
      .type('text/calendar')
      .send(`BEGIN:VCALENDAR\n${big(1100)}`);
    expect(res.status).toBe(413);
  });
});

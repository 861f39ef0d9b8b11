import request from 'supertest';
import { buildTestApp, type TestApp } from '../fixtures/app';
import { capturedLogger } from '../fixtures/log-capture';
import { scrub } from '../../src/logger';

let t: TestApp;
const cap = capturedLogger();
beforeAll(async () => {
  t = await buildTestApp({ deps: { log: cap.log } });
});
afterAll(() => t.close());

const requestLines = () => cap.lines().filter((l) => l.req !== undefined);

describe('request logs', () => {
  it('every request line is JSON with a request id, which the response echoes', async () => {
    const res = await request(t.app).get('/api/v1/users').set('Authorization', `Bearer ${t.token}`).expect(200);
    const id = res.headers['x-request-id'];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    // Other lines of the same request (the break-glass token's warning) carry the id too.
    const line = requestLines().find((l) => l.reqId === id && l.msg === 'request completed');
    expect(line).toMatchObject({ level: 30, msg: 'request completed', res: { statusCode: 200 } });
  });

  it("a caller's X-Request-Id is kept, so one id follows a request across services", async () => {
    await request(t.app).get('/api/v1/users').set('Authorization', `Bearer ${t.token}`).set('X-Request-Id', 'lb-7f3a.42').expect(200);
    expect(requestLines().some((l) => l.reqId === 'lb-7f3a.42')).toBe(true);
  });

  it('the admin token, Twilio signatures and a calendar feed token never reach the log', async () => {
    await request(t.app)
      .get('/api/v1/schedules/0123456789abcdef01234567/calendar.ics?token=feedsecret123')
      .set('X-Twilio-Signature', 'c2lnbmF0dXJlLXZhbHVl')
      .expect((r) => expect(r.status).toBeGreaterThanOrEqual(400));
    await request(t.app).get('/api/v1/users').set('Authorization', `Bearer ${t.token}`).expect(200);
    const text = cap.text();
    expect(text).not.toContain(t.token);
    expect(text).not.toContain('c2lnbmF0dXJlLXZhbHVl');
    expect(text).not.toContain('feedsecret123');
    expect(text).toContain('[redacted]');
  });

  it('full phone numbers are masked to their last four digits in messages and fields', () => {
    cap.log.info({ to: '+15551234567', note: 'called +447700900123 twice' }, 'paging +15551234567');
    const line = cap.lines().at(-1)!;
    expect(line).toMatchObject({ to: '+*******4567', note: 'called +********0123 twice', msg: 'paging +*******4567' });
    expect(scrub('/integrations/alertmanager/abcdef0123456789?x=1')).toBe('/integrations/alertmanager/[redacted]?x=1');
  });

  it('the token of a one-click email link never reaches the log', () => {
    expect(scrub('/channels/email/actions/eyJhbGVydElkIjoiMSJ9.c2lnbmF0dXJl')).toBe('/channels/email/actions/[redacted]');
  });

  it('probes and scrapes are not logged', async () => {
    const before = requestLines().length;
    await request(t.app).get('/healthz');
    expect(requestLines().length).toBe(before);
  });
});

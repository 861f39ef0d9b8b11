import request from 'supertest';
import { buildTestApp, type TestApp } from '../fixtures/app';
import { aSchedule, scheduleBody, someUsers, userBody } from '../fixtures/builders';

let t: TestApp;
let ids: string[];
let scheduleId: string;
const auth = () => ({ Authorization: `Bearer ${t.token}` });
const WEIRD: unknown[] = [null, -1, 1.5, '', 'x', true, [], [null], {}, { $gt: '' }, { $where: '1' }, '2026-13-45'];

beforeAll(async () => {
  t = await buildTestApp();
  ids = (await someUsers(t, ['A', 'B'])).map((u) => u.id);
  scheduleId = (await aSchedule(t, {}, ids)).id;
});
afterAll(async () => {
  await t.close();
});

/** Free-text fields where a short string such as 'x' is legitimately accepted. */
const FREE_TEXT = new Set(['name', 'reason']);

/**
 * Every field of a valid body, replaced in turn by each odd value, gives a 400 (never a 500), except a
 * plain string in a free-text field or an empty list of extra layers, which are valid.
 */
async function expectAll400(path: string, valid: Record<string, unknown>) {
  for (const key of Object.keys(valid)) {
    for (const value of WEIRD) {
      const res = await request(t.app).post(path).set(auth()).send({ ...valid, [key]: value });
      const validToo =
        (FREE_TEXT.has(key) && typeof value === 'string' && value !== '') || (key === 'layers' && Array.isArray(value) && !value.length);
      const tolerated = validToo && [201, 409].includes(res.status);
      if (res.status !== 400 && !tolerated) {
        throw new Error(`${path} ${key}=${JSON.stringify(value)} → ${res.status} ${JSON.stringify(res.body)}`);
      }
    }
  }
}

describe('malformed bodies never reach mongo or crash the server', () => {
  it('users', async () => {
    await expectAll400('/api/v1/users', userBody({ notificationPrefs: { channels: ['sms'] } }));
  });

  it('schedules', async () => {
    const valid = scheduleBody(ids, { layers: [{ rotationType: 'daily', handoffTime: '09:00', startDate: '2026-01-01', members: [{ userId: ids[0] }] }] });
    await expectAll400('/api/v1/schedules', valid);
  });

  it('overrides and time off', async () => {
    const valid = { userId: ids[0], startsAt: '2026-03-04T00:00:00Z', endsAt: '2026-03-05T00:00:00Z' };
    await expectAll400(`/api/v1/schedules/${scheduleId}/overrides`, valid);
    await expectAll400(`/api/v1/schedules/${scheduleId}/time-off`, valid);
  });

  it('swaps and holidays', async () => {
    await expectAll400(`/api/v1/schedules/${scheduleId}/swaps`, { shiftA: { start: '2026-07-01T00:00:00Z' }, shiftB: { start: '2026-07-08T00:00:00Z' } });
    await expectAll400(`/api/v1/schedules/${scheduleId}/holidays`, { date: '2026-12-25', name: 'Christmas' });
  });

  it('a body that is not JSON is a 400', async () => {
    const res = await request(t.app).post('/api/v1/users').set(auth()).set('Content-Type', 'application/json').send('{"name":');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/not valid JSON/);
  });
});

import request from 'supertest';
import { buildTestApp, type TestApp } from '../fixtures/app';
import { aSchedule, someUsers, type UserRes } from '../fixtures/builders';

let t: TestApp;
let alice: UserRes, bob: UserRes;
const get = (path: string) => request(t.app).get(`/api/v1${path}`).set({ Authorization: `Bearer ${t.token}` });

beforeAll(async () => {
  t = await buildTestApp();
  [alice, bob] = (await someUsers(t, ['Alice', 'Bob'])) as [UserRes, UserRes];
});
afterAll(async () => {
  await t.close();
});

describe('GET /on-call (the home page in one request)', () => {
  it('names, for every schedule, who is on call now, until when, and who is next, as each schedule answers alone', async () => {
    const weekly = await aSchedule(t, { name: 'Weekly pair', timezone: 'UTC', startDate: '2026-01-05' }, [alice.id, bob.id]);
    const nights = await aSchedule(t, { name: 'Days only', timezone: 'UTC', startDate: '2026-01-05', restrictions: [{ start: '09:00', end: '17:00' }] }, [bob.id]);
    const res = await get('/on-call');
    expect(res.status).toBe(200);
    for (const s of [weekly, nights]) {
      const entry = res.body.data.find((e: { scheduleId: string }) => e.scheduleId === s.id);
      const alone = await get(`/schedules/${s.id}/oncall?at=${encodeURIComponent(res.body.at)}`);
      expect(entry).toMatchObject({ scheduleName: s.name, timezone: 'UTC', now: { userId: alone.body.userId, name: alone.body.name, shiftEnd: alone.body.shiftEnd } });
      const next = await get(`/schedules/${s.id}/oncall?at=${encodeURIComponent(alone.body.shiftEnd)}`);
      expect(entry.next).toMatchObject({ userId: next.body.userId, name: next.body.name });
    }
    const pair = res.body.data.find((e: { scheduleId: string }) => e.scheduleId === weekly.id);
    expect(new Set([pair.now.name, pair.next.name])).toEqual(new Set(['Alice', 'Bob']));
  });

  it('refuses a limit out of range, naming the field', async () => {
    const res = await get('/on-call?limit=0');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^limit: /);
  });
});

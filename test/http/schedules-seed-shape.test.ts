import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { buildTestApp, type TestApp } from '../fixtures/app';
import { someUsers, type UserRes } from '../fixtures/builders';

let t: TestApp;
let users: UserRes[];
const auth = () => ({ Authorization: `Bearer ${t.token}` });

/** The CLI's seed-shaped example, its member ids swapped for real users (the API checks members exist). */
function seedSchedule(): Record<string, unknown> & { members: Record<string, unknown>[] } {
  const seed = JSON.parse(readFileSync(join(__dirname, '..', 'cli', 'files', 'seed-schedule.json'), 'utf8'));
  seed.members = seed.members.map((m: Record<string, unknown>, i: number) => ({ ...m, userId: users[i]!.id }));
  return seed;
}

beforeAll(async () => {
  t = await buildTestApp();
  users = await someUsers(t, ['Alice', 'Bob', 'Carol']);
});
afterAll(async () => {
  await t.close();
});

describe('POST /api/v1/schedules with the seed Schedule and RotationMember shape', () => {
  it('accepts members carrying name, email, phone and notificationPrefs, and the member at currentIndex is on call now', async () => {
    const res = await request(t.app).post('/api/v1/schedules').set(auth()).send(seedSchedule());
    expect(res.status).toBe(201);
    expect(res.body.id).toMatch(/^[0-9a-f]{24}$/);
    // Display data stays with the user records: the schedule stores who rotates, not copies of their contacts.
    expect(res.body.members).toEqual(users.map((u) => ({ userId: u.id })));
    expect(res.body.startDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const now = await request(t.app).get(`/api/v1/schedules/${res.body.id}/oncall`).set(auth());
    expect(now.status).toBe(200);
    expect(now.body.userId).toBe(users[1]!.id);
    const later = await request(t.app).get(`/api/v1/schedules/${res.body.id}/oncall`).query({ at: now.body.shiftEnd }).set(auth());
    expect(later.body.userId).toBe(users[2]!.id);
  });

  it('a seed-shaped body with a quiet-hours time that is not HH:mm gets a 400 naming the field', async () => {
    const body = seedSchedule();
    body.members[0] = { ...body.members[0], notificationPrefs: { channels: ['sms'], quietHours: { start: '10pm', end: '07:00' } } };
    const res = await request(t.app).post('/api/v1/schedules').set(auth()).send(body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/members\.0\.notificationPrefs\.quietHours\.start/);
  });

  it('without startDate or currentIndex the 400 says which field is missing', async () => {
    const { currentIndex: _c, ...body } = seedSchedule();
    const res = await request(t.app).post('/api/v1/schedules').set(auth()).send(body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/startDate: is required \(or currentIndex/);
  });
});

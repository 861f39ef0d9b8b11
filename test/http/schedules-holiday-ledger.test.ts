import request from 'supertest';
import { holidayModel } from '../../src/db/schedule-holiday.model';
import { buildTestApp, type TestApp } from '../fixtures/app';
import { aSchedule, post, someUsers, type UserRes } from '../fixtures/builders';

/** The holiday ledger on real Mongo: once a holiday is over, who worked it is history. */
let t: TestApp;
let h0: UserRes, h1: UserRes, h2: UserRes;
const auth = () => ({ Authorization: `Bearer ${t.token}` });
const onCall = async (scheduleId: string, at: string) =>
  ((await request(t.app).get(`/api/v1/schedules/${scheduleId}/oncall?at=${at}`).set(auth())).body as { userId: string; holiday?: string }).userId;
const christmas = (y: number) => `${y}-12-25T18:00:00Z`;

beforeAll(async () => {
  t = await buildTestApp();
  [h0, h1, h2] = (await someUsers(t, ['H0', 'H1', 'H2'])) as [UserRes, UserRes, UserRes];
});
afterAll(async () => {
  await t.close();
});

describe('the holiday ledger', () => {
  it('past holidays are recorded as worked, so reordering the rotation re-plans only the holidays to come', async () => {
    const s = await aSchedule(t, { holidayRotation: { members: [h0, h1, h2].map((u) => ({ userId: u.id })) } }, [h0.id, h1.id]);
    for (const y of [2022, 2023, 2024, 2025, 2026, 2027]) await post(t, `/schedules/${s.id}/holidays`, { date: `${y}-12-25`, name: 'Christmas' });
    const before = [2022, 2023, 2024, 2025].map((y) => onCall(s.id, christmas(y)));
    expect(await Promise.all(before)).toEqual([h0.id, h1.id, h2.id, h0.id]);
    const ledger = await holidayModel(t.conn).find({ workedBy: { $ne: null } }).sort({ date: 1 }).lean();
    expect(ledger.map((d) => [d.date, d.workedBy])).toEqual([['2022-12-25', h0.id], ['2023-12-25', h1.id], ['2024-12-25', h2.id], ['2025-12-25', h0.id]]);

    const reordered = await request(t.app).patch(`/api/v1/schedules/${s.id}`).set(auth()).send({ holidayRotation: { members: [h2, h1, h0].map((u) => ({ userId: u.id })) } });
    expect(reordered.status).toBe(200);
    // History stays; the next Christmas goes to whoever worked it least recently (H1, 2023), then H2 (2024).
    expect(await onCall(s.id, christmas(2023))).toBe(h1.id);
    expect(await onCall(s.id, christmas(2026))).toBe(h1.id);
    expect(await onCall(s.id, christmas(2027))).toBe(h2.id);
  });
});

import request from 'supertest';
import { buildTestApp, type TestApp } from '../fixtures/app';
import { anOverride, aSchedule, someUsers, type UserRes } from '../fixtures/builders';

let t: TestApp;
let day: UserRes, night: UserRes, cover: UserRes;
let scheduleId: string;
const get = (path: string) => request(t.app).get(`/api/v1/schedules/${path}`).set({ Authorization: `Bearer ${t.token}` });

beforeAll(async () => {
  t = await buildTestApp();
  [day, night, cover] = (await someUsers(t, ['Day', 'Night', 'Cover'])) as [UserRes, UserRes, UserRes];
  // Layer 0: Day all week (UTC); layer 1: Night from 18:00 to 09:00 only.
  scheduleId = (
    await aSchedule(
      t,
      {
        timezone: 'UTC',
        startDate: '2026-03-02',
        layers: [{ name: 'Nights', rotationType: 'daily', handoffTime: '18:00', startDate: '2026-03-01', members: [{ userId: night.id }], restrictions: [{ start: '18:00', end: '09:00' }] }],
      },
      [day.id],
    )
  ).id;
  await anOverride(t, scheduleId, { userId: cover.id, startsAt: '2026-03-04T10:00:00Z', endsAt: '2026-03-04T12:00:00Z' });
});
afterAll(async () => {
  await t.close();
});

describe('GET /schedules/:id/layers/shifts', () => {
  it("gives each layer's own rotation, untouched by overrides, with its restriction windows as gaps", async () => {
    const res = await get(`${scheduleId}/layers/shifts?from=2026-03-04T00:00:00Z&to=2026-03-05T00:00:00Z`);
    expect(res.status).toBe(200);
    const [base, nights] = res.body.layers as { index: number; name: string | null; data: { name: string | null; start: string; end: string; gap: boolean }[] }[];
    expect(base).toMatchObject({ index: 0, name: null, handoffTime: '09:00' });
    expect(base!.data.map((s) => [s.name, s.start, s.end])).toEqual([['Day', '2026-03-04T00:00:00.000Z', '2026-03-05T00:00:00.000Z']]);
    expect(nights).toMatchObject({ index: 1, name: 'Nights', handoffTime: '18:00' });
    expect(nights!.data.map((s) => [s.gap ? 'gap' : s.name, s.start.slice(11, 16), s.end.slice(11, 16)])).toEqual([
      ['Night', '00:00', '09:00'],
      ['gap', '09:00', '18:00'],
      ['Night', '18:00', '00:00'],
    ]);
  });

  it('the final schedule over the same range still shows the override that the lanes leave out', async () => {
    const res = await get(`${scheduleId}/shifts?from=2026-03-04T00:00:00Z&to=2026-03-05T00:00:00Z`);
    expect(res.body.data.map((s: { name: string; source: string }) => `${s.name}/${s.source}`)).toEqual(['Night/rotation', 'Day/rotation', 'Cover/override', 'Day/rotation', 'Night/rotation']);
  });

  it('refuses a range that ends before it starts, naming the field', async () => {
    const res = await get(`${scheduleId}/layers/shifts?from=2026-03-05T00:00:00Z&to=2026-03-04T00:00:00Z`);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^to: /);
  });

  it('answers 404 for an unknown schedule', async () => {
    expect((await get('665f1c2b9d3e4a0012345678/layers/shifts')).status).toBe(404);
  });
});

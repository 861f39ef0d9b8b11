import request from 'supertest';
import { buildTestApp, type TestApp } from '../fixtures/app';
import { aSchedule, someUsers, type UserRes } from '../fixtures/builders';

let t: TestApp;
let alice: UserRes, bob: UserRes, carol: UserRes;
let chicago: string;
const auth = () => ({ Authorization: `Bearer ${t.token}` });
const get = (path: string) => request(t.app).get(`/api/v1/schedules/${path}`).set(auth());

beforeAll(async () => {
  t = await buildTestApp();
  [alice, bob, carol] = (await someUsers(t, ['Alice', 'Bob', 'Carol'])) as [UserRes, UserRes, UserRes];
  // Weekly, Monday 09:00 Chicago time, first handoff Monday 2 March 2026 (before the 8 March DST change).
  chicago = (await aSchedule(t, { startDate: '2026-03-02', handoffDay: 1, handoffTime: '09:00' }, [alice.id, bob.id, carol.id])).id;
});
afterAll(async () => {
  await t.close();
});

describe('GET /schedules/:id/oncall', () => {
  it('answers with the person, their phone, the source and the shift bounds', async () => {
    const res = await get(`${chicago}/oncall?at=2026-03-04T12:00:00Z`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      at: '2026-03-04T12:00:00.000Z',
      userId: alice.id,
      name: 'Alice',
      phone: alice.phone,
      source: 'rotation',
      shiftStart: '2026-03-02T15:00:00.000Z',
      shiftEnd: '2026-03-09T14:00:00.000Z',
    });
  });

  it('after the spring-forward weekend the handoff still happens at 09:00 Chicago time (14:00 UTC, not 15:00)', async () => {
    expect((await get(`${chicago}/oncall?at=2026-03-09T13:59:59Z`)).body.name).toBe('Alice');
    const after = await get(`${chicago}/oncall?at=2026-03-09T14:00:00Z`);
    expect(after.body).toMatchObject({ name: 'Bob', shiftStart: '2026-03-09T14:00:00.000Z', shiftEnd: '2026-03-16T14:00:00.000Z' });
  });

  it('after the fall-back weekend the handoff moves back to 15:00 UTC', async () => {
    const res = await get(`${chicago}/oncall?at=2026-11-02T14:30:00Z`);
    expect(res.body).toMatchObject({ shiftEnd: '2026-11-02T15:00:00.000Z' });
    const next = await get(`${chicago}/oncall?at=2026-11-02T15:00:00Z`);
    expect(next.body).toMatchObject({ name: 'Carol', shiftStart: '2026-11-02T15:00:00.000Z' });
  });

  it('at defaults to now', async () => {
    const before = Date.now();
    const res = await get(`${chicago}/oncall`);
    expect(res.status).toBe(200);
    expect(Date.parse(res.body.at)).toBeGreaterThanOrEqual(before - 1000);
    expect(res.body.userId).not.toBeNull();
  });

  it('when nobody is on call, userId is null and the reason is given', async () => {
    const res = await get(`${chicago}/oncall?at=2026-01-01T00:00:00Z`);
    expect(res.body).toMatchObject({ userId: null, name: null, phone: null, reason: 'rotation not started' });
  });

  it('a bad at is a 400 naming the parameter', async () => {
    const res = await get(`${chicago}/oncall?at=next-tuesday`);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^at: /);
  });
});

describe('GET /schedules/:id/shifts', () => {
  it('lists contiguous shifts with names covering the range', async () => {
    const res = await get(`${chicago}/shifts?from=2026-03-01T00:00:00Z&to=2026-03-20T00:00:00Z`);
    expect(res.status).toBe(200);
    const data = res.body.data as { name: string | null; start: string; end: string; gap: boolean }[];
    expect(data.map((s) => s.name)).toEqual([null, 'Alice', 'Bob', 'Carol']);
    expect(data[0]).toMatchObject({ gap: true, reason: 'rotation not started', end: '2026-03-02T15:00:00.000Z' });
    expect(data.at(-1)!.end).toBe('2026-03-20T00:00:00.000Z');
    for (let i = 1; i < data.length; i++) expect(data[i]!.start).toBe(data[i - 1]!.end);
  });

  it('reports gaps of a restricted layer explicitly', async () => {
    const s = await aSchedule(
      t,
      { timezone: 'Europe/London', rotationType: 'daily', startDate: '2026-01-05', restrictions: [{ start: '09:00', end: '17:00' }] },
      [alice.id],
    );
    const res = await get(`${s.id}/shifts?from=2026-01-06T00:00:00Z&to=2026-01-07T00:00:00Z`);
    const gaps = res.body.data.filter((x: { gap: boolean }) => x.gap);
    expect(gaps).toHaveLength(2);
    expect(gaps[0]).toMatchObject({ userId: null, reason: 'gap: no layer covers this time', end: '2026-01-06T09:00:00.000Z' });
  });

  it('refuses ranges longer than 366 days or ending before they start', async () => {
    const long = await get(`${chicago}/shifts?from=2026-01-01T00:00:00Z&to=2027-01-03T00:00:00Z`);
    expect(long.status).toBe(400);
    expect(long.body.error.message).toMatch(/366 days/);
    const backwards = await get(`${chicago}/shifts?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z`);
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.message).toMatch(/^to: must be after from/);
  });
});

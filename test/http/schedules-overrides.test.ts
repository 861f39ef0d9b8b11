import request from 'supertest';
import { buildTestApp, type TestApp } from '../fixtures/app';
import { aSchedule, anOverride, aUser, someUsers, type UserRes } from '../fixtures/builders';

let t: TestApp;
let alice: UserRes, bob: UserRes, carol: UserRes, dave: UserRes;
const auth = () => ({ Authorization: `Bearer ${t.token}` });
const get = (path: string) => request(t.app).get(`/api/v1/schedules/${path}`).set(auth());
const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();
/** Weekly from Monday 2 March 2026, 09:00 Chicago: Alice, Bob, Carol. */
const weekly = () => aSchedule(t, { startDate: '2026-03-02', handoffDay: 1 }, [alice.id, bob.id, carol.id]);

beforeAll(async () => {
  t = await buildTestApp();
  [alice, bob, carol] = (await someUsers(t, ['Alice', 'Bob', 'Carol'])) as [UserRes, UserRes, UserRes];
  dave = await aUser(t, { name: 'Dave' });
});
afterAll(async () => {
  await t.close();
});

describe('overrides', () => {
  it('an override puts someone outside the rotation on call, and the schedule reverts when it ends', async () => {
    const s = await weekly();
    const o = await anOverride(t, s.id, { userId: dave.id, startsAt: '2026-03-04T00:00:00Z', endsAt: '2026-03-05T00:00:00Z', reason: 'cover' });
    expect(o).toMatchObject({ userId: dave.id, startsAt: '2026-03-04T00:00:00.000Z', replacesUserId: null, reason: 'cover' });
    expect((await get(`${s.id}/oncall?at=2026-03-04T12:00:00Z`)).body).toMatchObject({
      name: 'Dave', source: 'override', shiftStart: '2026-03-04T00:00:00.000Z', shiftEnd: '2026-03-05T00:00:00.000Z',
    });
    expect((await get(`${s.id}/oncall?at=2026-03-05T00:00:00Z`)).body).toMatchObject({ name: 'Alice', source: 'rotation' });
  });

  it('many overrides coexist on one schedule and can be listed by time range', async () => {
    const s = await weekly();
    await anOverride(t, s.id, { userId: dave.id, startsAt: '2026-03-04T00:00:00Z', endsAt: '2026-03-05T00:00:00Z' });
    await anOverride(t, s.id, { userId: carol.id, startsAt: '2026-03-10T00:00:00Z', endsAt: '2026-03-11T00:00:00Z' });
    await anOverride(t, s.id, { userId: dave.id, startsAt: '2026-04-01T00:00:00Z', endsAt: '2026-04-02T00:00:00Z' });
    expect((await get(`${s.id}/overrides`)).body.total).toBe(3);
    const march = await get(`${s.id}/overrides?from=2026-03-04T12:00:00Z&to=2026-03-31T00:00:00Z`);
    expect(march.body.data.map((o: { userId: string }) => o.userId)).toEqual([dave.id, carol.id]);
  });

  it('an override replacing one member applies only while that member is on call', async () => {
    const s = await weekly();
    await anOverride(t, s.id, { userId: dave.id, replacesUserId: bob.id, startsAt: '2026-03-07T00:00:00Z', endsAt: '2026-03-12T00:00:00Z' });
    expect((await get(`${s.id}/oncall?at=2026-03-08T00:00:00Z`)).body.name).toBe('Alice');
    expect((await get(`${s.id}/oncall?at=2026-03-10T00:00:00Z`)).body).toMatchObject({ name: 'Dave', source: 'override' });
  });

  it.each([
    ['ends before it starts', { startsAt: '2026-03-05T00:00:00Z', endsAt: '2026-03-04T00:00:00Z' }, /^endsAt: must be after startsAt/],
    ['has no offset on its instants', { startsAt: '2026-03-04T00:00:00', endsAt: '2026-03-05T00:00:00Z' }, /startsAt: must be an ISO-8601 instant/],
    ['names an unknown user', { userId: '0123456789abcdef01234567' }, /^userId: unknown user/],
    ['replaces an unknown user', { replacesUserId: 'fedcba9876543210fedcba98' }, /^replacesUserId: unknown user/],
  ])('an override that %s is a 400 naming the field', async (_what, over, message) => {
    const s = await weekly();
    const res = await request(t.app)
      .post(`/api/v1/schedules/${s.id}/overrides`)
      .set(auth())
      .send({ userId: dave.id, startsAt: '2026-03-04T00:00:00Z', endsAt: '2026-03-05T00:00:00Z', ...over });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
  });

  it('DELETE ends an override in progress now, removes a future one, and refuses one already over', async () => {
    const s = await weekly();
    const now = Date.now();
    const running = await anOverride(t, s.id, { userId: dave.id, startsAt: iso(now - HOUR), endsAt: iso(now + HOUR) });
    const future = await anOverride(t, s.id, { userId: dave.id, startsAt: iso(now + 5 * HOUR), endsAt: iso(now + 6 * HOUR) });
    const past = await anOverride(t, s.id, { userId: dave.id, startsAt: iso(now - 6 * HOUR), endsAt: iso(now - 5 * HOUR) });

    const ended = await request(t.app).delete(`/api/v1/schedules/${s.id}/overrides/${running.id}`).set(auth());
    expect(ended.status).toBe(200);
    expect(ended.body.action).toBe('ended');
    expect(Math.abs(Date.parse(ended.body.endsAt) - Date.now())).toBeLessThan(10_000);
    expect((await get(`${s.id}/overrides/${running.id}`)).body.endsAt).toBe(ended.body.endsAt);

    expect((await request(t.app).delete(`/api/v1/schedules/${s.id}/overrides/${future.id}`).set(auth())).status).toBe(204);
    expect((await get(`${s.id}/overrides/${future.id}`)).status).toBe(404);

    expect((await request(t.app).delete(`/api/v1/schedules/${s.id}/overrides/${past.id}`).set(auth())).status).toBe(409);
    expect((await request(t.app).delete(`/api/v1/schedules/${s.id}/overrides/0123456789abcdef01234567`).set(auth())).status).toBe(404);
  });
});

describe('swaps', () => {
  it('two members exchange shifts in one action, which becomes a pair of overrides', async () => {
    const s = await weekly();
    const res = await request(t.app)
      .post(`/api/v1/schedules/${s.id}/swaps`)
      .set(auth())
      .send({ shiftA: { start: '2026-03-04T12:00:00Z' }, shiftB: { start: '2026-03-11T12:00:00Z' } });
    expect(res.status).toBe(201);
    expect(res.body.overrides).toHaveLength(2);
    expect(res.body.overrides[0]).toMatchObject({ userId: bob.id, replacesUserId: alice.id, startsAt: '2026-03-02T15:00:00.000Z', endsAt: '2026-03-09T14:00:00.000Z', swapId: res.body.swapId });
    expect((await get(`${s.id}/oncall?at=2026-03-04T12:00:00Z`)).body).toMatchObject({ name: 'Bob', source: 'override' });
    expect((await get(`${s.id}/oncall?at=2026-03-11T12:00:00Z`)).body).toMatchObject({ name: 'Alice', source: 'override' });
    expect((await get(`${s.id}/oncall?at=2026-03-18T12:00:00Z`)).body).toMatchObject({ name: 'Carol', source: 'rotation' });
  });

  it('swapping a member with themself is a 400', async () => {
    const s = await weekly();
    const res = await request(t.app)
      .post(`/api/v1/schedules/${s.id}/swaps`)
      .set(auth())
      .send({ shiftA: { start: '2026-03-04T12:00:00Z' }, shiftB: { start: '2026-03-05T12:00:00Z' } });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/two different members/);
  });
});

describe('time off and the fairness ledger', () => {
  it('the next available member covers time off, and the ledger records who owes whom', async () => {
    const s = await weekly();
    const off = await request(t.app)
      .post(`/api/v1/schedules/${s.id}/time-off`)
      .set(auth())
      .send({ userId: alice.id, startsAt: '2026-03-03T00:00:00Z', endsAt: '2026-03-04T00:00:00Z', reason: 'flu' });
    expect(off.status).toBe(201);
    expect((await get(`${s.id}/oncall?at=2026-03-03T12:00:00Z`)).body).toMatchObject({ name: 'Bob', source: 'cover', coveringFor: alice.id });
    expect((await get(`${s.id}/time-off?userId=${alice.id}`)).body.total).toBe(1);

    const ledger = await get(`${s.id}/fairness?from=2026-03-01T00:00:00Z&to=2026-03-10T00:00:00Z`);
    expect(ledger.status).toBe(200);
    expect(ledger.body.debts).toEqual([
      { debtorUserId: alice.id, creditorUserId: bob.id, hours: 24, debtorName: 'Alice', creditorName: 'Bob' },
    ]);
    expect(ledger.body.balances).toEqual(expect.arrayContaining([expect.objectContaining({ userId: bob.id, name: 'Bob', balance: 24 })]));
  });

  it('time off ending before it starts is a 400 naming endsAt', async () => {
    const s = await weekly();
    const res = await request(t.app)
      .post(`/api/v1/schedules/${s.id}/time-off`)
      .set(auth())
      .send({ userId: alice.id, startsAt: '2026-03-04T00:00:00Z', endsAt: '2026-03-04T00:00:00Z' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^endsAt: must be after startsAt/);
  });

  it('DELETE cancels time off: in progress it ends now, future it is removed, already over it is refused', async () => {
    const s = await weekly();
    const now = Date.now();
    const timeOff = async (startsAt: number, endsAt: number) =>
      (await request(t.app).post(`/api/v1/schedules/${s.id}/time-off`).set(auth()).send({ userId: alice.id, startsAt: iso(startsAt), endsAt: iso(endsAt) })).body as { id: string };
    const cancel = (id: string) => request(t.app).delete(`/api/v1/schedules/${s.id}/time-off/${id}`).set(auth());
    const running = await timeOff(now - HOUR, now + HOUR);
    const future = await timeOff(now + 5 * HOUR, now + 6 * HOUR);
    const past = await timeOff(now - 6 * HOUR, now - 5 * HOUR);

    const ended = await cancel(running.id);
    expect(ended.status).toBe(200);
    expect(ended.body).toEqual({ id: running.id, endsAt: expect.any(String), action: 'ended' });
    expect(Math.abs(Date.parse(ended.body.endsAt) - Date.now())).toBeLessThan(10_000);
    expect((await get(`${s.id}/time-off/${running.id}`)).body.endsAt).toBe(ended.body.endsAt);

    expect((await cancel(future.id)).status).toBe(204);
    expect((await get(`${s.id}/time-off/${future.id}`)).status).toBe(404);

    expect((await cancel(past.id)).status).toBe(409);
    expect((await cancel('0123456789abcdef01234567')).status).toBe(404);
  });
});

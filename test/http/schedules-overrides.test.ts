import request from 'supertest';
import { buildTestApp, type TestApp } from '../fixtures/app';
import { aSchedule, anOverride, aUser, someUsers, type UserRes } from '../fixtures/builders';

let t: TestApp;
let alice: UserRes, bob: UserRes, carol: UserRes, dave: UserRes;
const auth = () => ({ Authorization: `Bearer ${t.token}` });
const get = (path: string) => request(t.app).get(`/api/v1/schedules/${path}`).set(auth());
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();
const patch = (path: string, body: object) => request(t.app).patch(`/api/v1/schedules/${path}`).set(auth()).send(body);
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

  it('extending an override with PATCH keeps its person on call for longer', async () => {
    const s = await weekly();
    const now = Date.now();
    const o = await anOverride(t, s.id, { userId: dave.id, startsAt: iso(now + DAY), endsAt: iso(now + 2 * DAY) });
    const later = `${s.id}/oncall?at=${iso(now + 2.5 * DAY)}`;
    expect((await get(later)).body.source).toBe('rotation');

    const res = await patch(`${s.id}/overrides/${o.id}`, { endsAt: iso(now + 3 * DAY), reason: 'still covering' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: o.id, userId: dave.id, startsAt: iso(now + DAY), endsAt: iso(now + 3 * DAY), reason: 'still covering' });
    expect((await get(later)).body).toMatchObject({ name: 'Dave', source: 'override', shiftEnd: iso(now + 3 * DAY) });
    expect((await get(`${s.id}/overrides/${o.id}`)).body.endsAt).toBe(iso(now + 3 * DAY));
  });

  it('PATCH can hand an override to someone else', async () => {
    const s = await weekly();
    const now = Date.now();
    const o = await anOverride(t, s.id, { userId: dave.id, startsAt: iso(now + DAY), endsAt: iso(now + 2 * DAY) });
    expect((await patch(`${s.id}/overrides/${o.id}`, { userId: carol.id })).status).toBe(200);
    expect((await get(`${s.id}/oncall?at=${iso(now + 1.5 * DAY)}`)).body).toMatchObject({ name: 'Carol', source: 'override' });
  });

  it.each([
    ['moves endsAt to before startsAt', (now: number) => ({ endsAt: iso(now + DAY - HOUR) }), /^endsAt: must be after startsAt/],
    ['moves startsAt past endsAt', (now: number) => ({ startsAt: iso(now + 3 * DAY) }), /^startsAt: must be before endsAt/],
    ['sends both out of order', (now: number) => ({ startsAt: iso(now + 3 * DAY), endsAt: iso(now + 3 * DAY) }), /^endsAt: must be after startsAt/],
    ['names an unknown user', () => ({ userId: '0123456789abcdef01234567' }), /^userId: unknown user/],
    ['has a field POST does not accept', () => ({ swapId: 'x' }), /swapId/],
    ['changes nothing', () => ({}), /at least one field/],
  ])('a PATCH that %s is a 400 naming the field, and the override is unchanged', async (_what, body, message) => {
    const s = await weekly();
    const now = Date.now();
    const o = await anOverride(t, s.id, { userId: dave.id, startsAt: iso(now + DAY), endsAt: iso(now + 2 * DAY) });
    const res = await patch(`${s.id}/overrides/${o.id}`, body(now));
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
    expect((await get(`${s.id}/overrides/${o.id}`)).body).toEqual(o);
  });

  it('an override already over cannot be edited, and one in progress keeps its start but can end later', async () => {
    const s = await weekly();
    const now = Date.now();
    const past = await anOverride(t, s.id, { userId: dave.id, startsAt: iso(now - 6 * HOUR), endsAt: iso(now - 5 * HOUR) });
    const running = await anOverride(t, s.id, { userId: dave.id, startsAt: iso(now - HOUR), endsAt: iso(now + HOUR) });

    const pastEdit = await patch(`${s.id}/overrides/${past.id}`, { endsAt: iso(now + HOUR) });
    expect(pastEdit.status).toBe(409);
    expect(pastEdit.body.error.message).toMatch(/already ended/);

    const moved = await patch(`${s.id}/overrides/${running.id}`, { startsAt: iso(now - 2 * HOUR) });
    expect(moved.status).toBe(409);
    expect(moved.body.error.message).toMatch(/^startsAt: .*in progress/);

    const intoPast = await patch(`${s.id}/overrides/${running.id}`, { endsAt: iso(now - HOUR / 2) });
    expect(intoPast.status).toBe(409);
    expect(intoPast.body.error.message).toMatch(/^endsAt: /);

    const extended = await patch(`${s.id}/overrides/${running.id}`, { startsAt: running.startsAt, endsAt: iso(now + 4 * HOUR) });
    expect(extended.status).toBe(200);
    expect(extended.body).toMatchObject({ startsAt: running.startsAt, endsAt: iso(now + 4 * HOUR) });
    expect((await get(`${s.id}/oncall?at=${iso(now + 3 * HOUR)}`)).body).toMatchObject({ name: 'Dave', source: 'override' });
  });

  it('PATCH on an unknown or malformed override id is a 404', async () => {
    const s = await weekly();
    for (const id of ['0123456789abcdef01234567', 'not-an-id']) {
      expect((await patch(`${s.id}/overrides/${id}`, { reason: 'x' })).status).toBe(404);
    }
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

  it('one half of a swap cannot be edited on its own', async () => {
    const s = await weekly();
    const now = Date.now();
    const swap = await request(t.app)
      .post(`/api/v1/schedules/${s.id}/swaps`)
      .set(auth())
      .send({ shiftA: { start: iso(now + 8 * DAY) }, shiftB: { start: iso(now + 15 * DAY) } });
    expect(swap.status).toBe(201);
    const half = swap.body.overrides[0] as { id: string; endsAt: string };
    const res = await patch(`${s.id}/overrides/${half.id}`, { endsAt: iso(Date.parse(half.endsAt) + DAY) });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/part of swap/);
    expect((await get(`${s.id}/overrides/${half.id}`)).body.endsAt).toBe(half.endsAt);
  });
});

describe('cancelling a swap', () => {
  it('ends the half in progress now and removes the half to come, in one request; a second cancel is a 409', async () => {
    const s = await weekly();
    const now = Date.now();
    const swap = await request(t.app)
      .post(`/api/v1/schedules/${s.id}/swaps`)
      .set(auth())
      .send({ shiftA: { start: iso(now) }, shiftB: { start: iso(now + 7 * DAY) } });
    expect(swap.status).toBe(201);
    const [current, coming] = swap.body.overrides as { id: string; userId: string }[];
    const before = (await get(`${s.id}/oncall?at=${iso(now + 7 * DAY)}`)).body;
    expect(before).toMatchObject({ source: 'override', userId: coming!.userId });

    const res = await request(t.app).delete(`/api/v1/schedules/${s.id}/swaps/${swap.body.swapId}`).set(auth());
    expect(res.status).toBe(200);
    expect(res.body.overrides.map((o: { overrideId: string; action: string }) => [o.overrideId, o.action])).toEqual([
      [current!.id, 'ended'],
      [coming!.id, 'removed'],
    ]);
    expect((await get(`${s.id}/oncall?at=${iso(now + 7 * DAY)}`)).body.source).toBe('rotation');
    expect((await get(`${s.id}/oncall?at=${iso(Date.now() + 60_000)}`)).body.source).toBe('rotation');
    expect((await get(`${s.id}/overrides/${coming!.id}`)).status).toBe(404);
    expect(Date.parse((await get(`${s.id}/overrides/${current!.id}`)).body.endsAt)).toBeLessThanOrEqual(Date.now());

    const again = await request(t.app).delete(`/api/v1/schedules/${s.id}/swaps/${swap.body.swapId}`).set(auth());
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/already over/);
  });

  it('an unknown swap id is a 404', async () => {
    const s = await weekly();
    const res = await request(t.app).delete(`/api/v1/schedules/${s.id}/swaps/no-such-swap`).set(auth());
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe('swap no-such-swap not found');
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

  it('extending time off with PATCH keeps the cover on call for longer', async () => {
    const s = await weekly();
    const now = Date.now();
    const later = `${s.id}/oncall?at=${iso(now + 2.5 * DAY)}`;
    const scheduled = (await get(later)).body as { userId: string; source: string };
    expect(scheduled.source).toBe('rotation');
    const off = await request(t.app)
      .post(`/api/v1/schedules/${s.id}/time-off`)
      .set(auth())
      .send({ userId: scheduled.userId, startsAt: iso(now + DAY), endsAt: iso(now + 2 * DAY) });

    const res = await patch(`${s.id}/time-off/${off.body.id}`, { endsAt: iso(now + 3 * DAY) });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: off.body.id, userId: scheduled.userId, endsAt: iso(now + 3 * DAY) });
    expect((await get(later)).body).toMatchObject({ source: 'cover', coveringFor: scheduled.userId });
  });

  it('PATCH on time off follows the same rules as overrides', async () => {
    const s = await weekly();
    const now = Date.now();
    const timeOff = async (startsAt: number, endsAt: number) =>
      (await request(t.app).post(`/api/v1/schedules/${s.id}/time-off`).set(auth()).send({ userId: alice.id, startsAt: iso(startsAt), endsAt: iso(endsAt) })).body as { id: string };
    const future = await timeOff(now + DAY, now + 2 * DAY);
    const running = await timeOff(now - HOUR, now + HOUR);
    const past = await timeOff(now - 6 * HOUR, now - 5 * HOUR);
    const edit = (id: string, body: object) => patch(`${s.id}/time-off/${id}`, body);

    const backwards = await edit(future.id, { endsAt: iso(now + DAY) });
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.message).toMatch(/^endsAt: must be after startsAt/);
    const unknownField = await edit(future.id, { replacesUserId: bob.id });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.error.message).toMatch(/replacesUserId/);

    expect((await edit(past.id, { reason: 'late note' })).status).toBe(409);
    const moved = await edit(running.id, { startsAt: iso(now) });
    expect(moved.status).toBe(409);
    expect(moved.body.error.message).toMatch(/^startsAt: /);
    expect((await edit(running.id, { endsAt: iso(now + 2 * HOUR), reason: 'longer' })).body).toMatchObject({ endsAt: iso(now + 2 * HOUR), reason: 'longer' });

    expect((await edit('0123456789abcdef01234567', { reason: 'x' })).status).toBe(404);
    expect((await edit('nope', { reason: 'x' })).status).toBe(404);
  });
});

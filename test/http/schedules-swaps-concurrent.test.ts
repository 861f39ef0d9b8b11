import request from 'supertest';
import { overrideModel } from '../../src/db/schedule-override.model';
import { createOverrides } from '../../src/db/schedule-override.repository';
import { swapClaimModel } from '../../src/db/schedule-swap.model';
import { SWAP_STALE_MS, settleSwaps, shiftKey } from '../../src/db/schedule-swap.repository';
import { buildTestApp, type TestApp } from '../fixtures/app';
import { aSchedule, someUsers, type UserRes } from '../fixtures/builders';
import { Types } from 'mongoose';

/** Swaps without transactions: a claim document per swap, under a unique index on the shifts it exchanges. */
let t: TestApp;
let alice: UserRes;
let bob: UserRes;
let carol: UserRes;
const auth = () => ({ Authorization: `Bearer ${t.token}` });
const swap = (scheduleId: string, a: string, b: string) =>
  request(t.app).post(`/api/v1/schedules/${scheduleId}/swaps`).set(auth()).send({ shiftA: { start: a }, shiftB: { start: b } });
const onCall = async (scheduleId: string, at: string) => (await request(t.app).get(`/api/v1/schedules/${scheduleId}/oncall?at=${at}`).set(auth())).body as { name: string; source: string; userId: string };
// Weekly from Monday 2 March 2026 (Chicago): Alice, Bob, Carol, Alice...
const weekly = () => aSchedule(t, { startDate: '2026-03-02', handoffDay: 1 }, [alice.id, bob.id, carol.id]);
const ALICE_WEEK = '2026-03-04T12:00:00Z';
const BOB_WEEK = '2026-03-11T12:00:00Z';
const CAROL_WEEK = '2026-03-18T12:00:00Z';

beforeAll(async () => {
  t = await buildTestApp();
  [alice, bob, carol] = (await someUsers(t, ['Alice', 'Bob', 'Carol'])) as [UserRes, UserRes, UserRes];
});
afterAll(async () => {
  await t.close();
});

describe('concurrent swaps of the same shift', () => {
  it("two swaps of Alice's shift made at the same moment: one wins with 201, the other gets 409, and only the winner's halves exist", async () => {
    const s = await weekly();
    const [x, y] = await Promise.all([swap(s.id, ALICE_WEEK, BOB_WEEK), swap(s.id, ALICE_WEEK, CAROL_WEEK)]);
    expect([x.status, y.status].sort()).toEqual([201, 409]);
    const loser = x.status === 409 ? x : y;
    expect(loser.body.error.message).toMatch(/already part of another swap/);
    const overrides = await overrideModel(t.conn).find({ scheduleId: new Types.ObjectId(s.id) }).lean();
    expect(overrides).toHaveLength(2);
    expect(new Set(overrides.map((o) => o.swapId)).size).toBe(1);
    const winner = x.status === 201 ? 'Bob' : 'Carol';
    expect((await onCall(s.id, ALICE_WEEK)).name).toBe(winner);
  });

  it('many swaps of the same shift at once: exactly one succeeds', async () => {
    const s = await weekly();
    const others = [BOB_WEEK, CAROL_WEEK, '2026-04-01T12:00:00Z']; // Bob, Carol, Bob again
    const results = await Promise.all([...others, ...others].map((b) => swap(s.id, ALICE_WEEK, b)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status !== 201).every((r) => r.status === 409 || r.status === 400)).toBe(true);
    expect(await overrideModel(t.conn).countDocuments({ scheduleId: new Types.ObjectId(s.id) })).toBe(2);
  });

  it('once a swap is cancelled, the same shift can be swapped again', async () => {
    const s = await weekly();
    const week = (n: number) => new Date(Date.now() + n * 7 * 86_400_000).toISOString(); // three weeks to come: three people
    const first = await swap(s.id, week(1), week(2));
    expect(first.status).toBe(201);
    expect((await swap(s.id, week(1), week(3))).status).toBe(409); // still swapped: cancel first
    expect((await request(t.app).delete(`/api/v1/schedules/${s.id}/swaps/${first.body.swapId}`).set(auth())).status).toBe(200);
    const again = await swap(s.id, week(1), week(3));
    expect(again.status).toBe(201);
    expect(await onCall(s.id, week(1))).toMatchObject({ source: 'override', userId: again.body.overrides[0].userId });
  });
});

describe('a swap cut short leaves neither half behind', () => {
  /** What a process that dies mid-swap leaves: its claim and the halves it managed to write, hidden. */
  async function aSwapCutShort(scheduleId: string, state: 'pending' | 'committed', halves: 1 | 2) {
    const swapId = `cut-${new Types.ObjectId().toHexString()}`;
    const start = (iso: string) => new Date(iso);
    await swapClaimModel(t.conn).create({ scheduleId: new Types.ObjectId(scheduleId), swapId, shifts: [shiftKey({ start: start('2026-03-02T15:00:00Z') }), shiftKey({ start: start('2026-03-09T14:00:00Z') })], state });
    const pair = [
      { userId: bob.id, replacesUserId: alice.id, startsAt: start('2026-03-02T15:00:00Z'), endsAt: start('2026-03-09T14:00:00Z') },
      { userId: alice.id, replacesUserId: bob.id, startsAt: start('2026-03-09T14:00:00Z'), endsAt: start('2026-03-16T14:00:00Z') },
    ];
    await createOverrides(t.conn, scheduleId, pair.slice(0, halves), swapId, { pending: true });
    return swapId;
  }

  it('a swap that died after writing one half: nobody ever sees that half, and once stale it is removed and the shift is free', async () => {
    const s = await weekly();
    const swapId = await aSwapCutShort(s.id, 'pending', 1);
    expect(await onCall(s.id, ALICE_WEEK)).toMatchObject({ name: 'Alice', source: 'rotation' });
    expect((await request(t.app).get(`/api/v1/schedules/${s.id}/overrides`).set(auth())).body.items ?? []).toEqual([]);
    await settleSwaps(t.conn, s.id, new Date(Date.now() + SWAP_STALE_MS + 1_000));
    expect(await overrideModel(t.conn).countDocuments({ swapId })).toBe(0);
    expect(await swapClaimModel(t.conn).countDocuments({ swapId })).toBe(0);
    expect((await swap(s.id, ALICE_WEEK, BOB_WEEK)).status).toBe(201);
  });

  it('a swap that died after its commit but before showing its halves is finished by the next read: both halves at once', async () => {
    const s = await weekly();
    await aSwapCutShort(s.id, 'committed', 2);
    expect(await onCall(s.id, ALICE_WEEK)).toMatchObject({ name: 'Bob', source: 'override' });
    expect(await onCall(s.id, BOB_WEEK)).toMatchObject({ name: 'Alice', source: 'override' });
  });

  it('a swap still in progress (not stale) is left alone, and a second swap of its shift gets 409', async () => {
    const s = await weekly();
    const swapId = await aSwapCutShort(s.id, 'pending', 2);
    await settleSwaps(t.conn, s.id);
    expect(await overrideModel(t.conn).countDocuments({ swapId })).toBe(2);
    expect((await swap(s.id, ALICE_WEEK, CAROL_WEEK)).status).toBe(409);
    expect((await onCall(s.id, ALICE_WEEK)).source).toBe('rotation');
  });
});

import { randomUUID } from 'node:crypto';
import { BundleBell } from '../../activities/bundle-bell';
import { deliverBundled, type BundleSender } from '../../activities/bundle-delivery';
import { createNotificationAttemptRepository } from '../../src/db/notification-attempt.repository';
import { createPageBundleRepository } from '../../src/db/page-bundle.repository';
import type { TelephonyProvider } from '../../src/telephony/telephony';
import { buildTestApp, type TestApp } from '../fixtures/app';
import { aBundledCall, aBundledPerson } from '../fixtures/bundle-pages';

/**
 * Members of one person's bundle waiting in the same worker are woken by the member that dials it, instead of
 * reading the bundle from MongoDB on a timer (real MongoDB wire server; the dial itself is held by the test).
 */

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());


function setup(bell: BundleBell | undefined, pollMs: number) {
  const repo = createPageBundleRepository(t.conn);
  let reads = 0;
  const counted = { ...repo, findById: (id: string) => (reads++, repo.findById(id)) };
  const telephony = { findRecent: async () => [] } as unknown as TelephonyProvider;
  const ctx = {
    bundles: { repo: counted, throttleMs: 0, criticalCapMs: 0, ...(bell ? { bell } : {}) },
    telephony,
    attempts: createNotificationAttemptRepository(t.conn),
    timing: { leaseMs: 30_000, reconcileTimeoutMs: 1_000, pollMs },
    now: () => new Date(),
  };
  return { ctx, reads: () => reads };
}

/** A sender whose dial goes out when the test says so. */
function heldDial() {
  let release!: () => void;
  const out = new Promise<void>((r) => (release = r));
  let dials = 0;
  const send: BundleSender = async (b) => {
    dials++;
    await out;
    return { sid: `CA${b.members.length}${randomUUID().replace(/-/g, '').slice(0, 30)}` };
  };
  return { send, release, dials: () => dials };
}

describe('members waiting on a bundle someone is dialling', () => {
  it('return as soon as the call is placed, without reading the bundle while they wait', async () => {
    const bell = new BundleBell();
    const { ctx, reads } = setup(bell, 5_000);
    const p = aBundledPerson();
    const dial = heldDial();
    const first = deliverBundled(ctx, aBundledCall(p, 1), dial.send, 'initiated');
    // The first page claims the dial; the others join the bundle while it waits in the pacer's queue.
    await new Promise((r) => setTimeout(r, 300));
    const others = [2, 3, 4].map((n) => deliverBundled(ctx, aBundledCall(p, n), dial.send, 'initiated'));
    await new Promise((r) => setTimeout(r, 500));
    const readsWhileWaiting = reads();
    const released = Date.now();
    dial.release();
    const results = await Promise.all([first, ...others]);
    const wokeAfterMs = Date.now() - released;

    expect(dial.dials()).toBe(1);
    expect(new Set(results.map((r) => r.providerId)).size).toBe(1);
    expect(results.map((r) => r.outcome)).toEqual(['placed', 'bundled', 'bundled', 'bundled']);
    // With a 5 s timed look, only the bell can explain a wake-up this fast.
    expect(wokeAfterMs).toBeLessThan(2_000);
    // No read on a timer while they wait; one each when the bell rings.
    expect(readsWhileWaiting).toBe(0);
    expect(reads()).toBe(3);
    expect(bell.size).toBe(0);
  });

  it('without a bell (a dialler in another process) they still find the placed call on their timed look', async () => {
    const { ctx } = setup(undefined, 200);
    const p = aBundledPerson();
    const dial = heldDial();
    const first = deliverBundled(ctx, aBundledCall(p, 1), dial.send, 'initiated');
    await new Promise((r) => setTimeout(r, 300));
    const second = deliverBundled(ctx, aBundledCall(p, 2), dial.send, 'initiated');
    await new Promise((r) => setTimeout(r, 300));
    dial.release();
    const [a, b] = await Promise.all([first, second]);
    expect(b.providerId).toBe(a.providerId);
    expect(b.outcome).toBe('bundled');
  });
});

describe('the bell', () => {
  it('wakes a waiter when rung, when its signal aborts, or when its time is up', async () => {
    const bell = new BundleBell();
    const started = Date.now();
    const rung = bell.wait('b1', 10_000);
    const aborted = new AbortController();
    const cancelled = bell.wait('b2', 10_000, aborted.signal);
    const timed = bell.wait('b3', 50);
    expect(bell.size).toBe(3);
    bell.ring('b1');
    aborted.abort();
    await Promise.all([rung, cancelled, timed]);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(bell.size).toBe(0);
    // Ringing a bundle nobody waits on is harmless.
    bell.ring('nobody');
  });
});

import { randomUUID } from 'node:crypto';
import { deliverBundled, type BundleSender } from '../../activities/bundle-delivery';
import { createNotificationAttemptRepository } from '../../src/db/notification-attempt.repository';
import { createPageBundleRepository } from '../../src/db/page-bundle.repository';
import type { TelephonyProvider } from '../../src/telephony/telephony';
import { buildTestApp, type TestApp } from '../fixtures/app';
import { aBundledCall, aBundledPerson } from '../fixtures/bundle-pages';

/**
 * A page whose bundle is held longer than the hand-back bound returns 'waiting' at once (its workflow sleeps
 * on a timer), instead of sleeping in its activity; asked again once due, it dials or rides on the dial
 * (real MongoDB wire server; the clock is the test's).
 */

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const THROTTLE_MS = 60_000;

function setup(handBackAfterMs: number | undefined) {
  let offset = 0; // the test's clock runs with real time, and jumps when it says
  const dialled: string[][] = [];
  const send: BundleSender = async (b) => {
    dialled.push(b.members.map((m) => m.alertId));
    return { sid: `CA${randomUUID().replace(/-/g, '')}` };
  };
  const repo = createPageBundleRepository(t.conn);
  const ctx = {
    bundles: { repo, throttleMs: THROTTLE_MS, criticalCapMs: THROTTLE_MS, ...(handBackAfterMs !== undefined ? { handBackAfterMs } : {}) },
    telephony: { findRecent: async () => [] } as unknown as TelephonyProvider,
    attempts: createNotificationAttemptRepository(t.conn),
    timing: { leaseMs: 30_000, reconcileTimeoutMs: 1_000, pollMs: 50 },
    now: () => new Date(Date.now() + offset),
  };
  return { ctx, send, dialled, repo, advance: (ms: number) => (offset += ms) };
}

describe('a page held by its bundle for longer than the hand-back bound', () => {
  it('returns waiting with the due time at once; asked again once due, one call carries every held page', async () => {
    const { ctx, send, dialled, repo, advance } = setup(15_000);
    const p = aBundledPerson();
    const first = await deliverBundled(ctx, aBundledCall(p, 1), send, 'initiated');
    expect(first).toMatchObject({ status: 'initiated', outcome: 'placed' });
    await repo.seal((await repo.findByMember(aBundledCall(p, 1).key))!._id); // answered: the next pages open the next bundle

    const started = Date.now();
    const held = [await deliverBundled(ctx, aBundledCall(p, 2), send, 'initiated'), await deliverBundled(ctx, aBundledCall(p, 3), send, 'initiated')];
    expect(Date.now() - started).toBeLessThan(5_000); // nobody slept for the throttle's minute
    expect(held.map((r) => r.status)).toEqual(['waiting', 'waiting']);
    expect(Date.parse(held[0]!.waitUntil!) - Date.now()).toBeGreaterThan(THROTTLE_MS - 5_000);
    expect(held[1]).toMatchObject({ waitUntil: held[0]!.waitUntil, waitingIn: held[0]!.waitingIn, providerId: null });
    expect(dialled).toHaveLength(1);
    // The attempt is recorded and not yet sent: a crash now loses nothing, the retry finds its bundle.
    expect((await ctx.attempts.findByKey(aBundledCall(p, 2).key))?.status).toBe('pending');

    // The workflows wake when the bundle is due and ask again with the same requests: one call for both.
    advance(THROTTLE_MS);
    const [a, b] = await Promise.all([
      deliverBundled(ctx, { ...aBundledCall(p, 2), inBundle: held[0]!.waitingIn! }, send, 'initiated'),
      deliverBundled(ctx, aBundledCall(p, 3), send, 'initiated'), // without the hint it finds its bundle by its key
    ]);
    expect(dialled).toHaveLength(2);
    expect(dialled[1]!.sort()).toEqual([aBundledCall(p, 2).alertId, aBundledCall(p, 3).alertId].sort());
    expect(a.providerId).toBeTruthy();
    expect(b.providerId).toBe(a.providerId);
    expect([a.status, b.status]).toEqual(['initiated', 'initiated']);
    expect(a.bundle).toEqual(b.bundle);
  });

  it('a short hold is still waited out in the activity', async () => {
    const { ctx, send, dialled, repo } = setup(THROTTLE_MS + 1);
    ctx.bundles.throttleMs = 300;
    const p = aBundledPerson();
    await deliverBundled(ctx, aBundledCall(p, 1), send, 'initiated');
    await repo.seal((await repo.findByMember(aBundledCall(p, 1).key))!._id);
    const r = await deliverBundled(ctx, aBundledCall(p, 2), send, 'initiated');
    expect(r.status).toBe('initiated');
    expect(dialled).toHaveLength(2);
  });
});

describe('texts that fall back for a missed call', () => {
  const aText = (p: ReturnType<typeof aBundledPerson>, n: number, fallback: boolean) => ({
    ...aBundledCall(p, n),
    key: `alert-${n}-${p.id}:0:0:0:sms`,
    channel: 'sms' as const,
    text: `Disk full #${n}`,
    ...(fallback ? { fallback: true } : {}),
  });

  it('gather for five seconds: two alerts whose fallbacks come two seconds apart share one text; ordinary texts would not', async () => {
    const { ctx, send, advance } = setup(1_000); // held longer than a second: handed back at once, so the test need not sleep
    const p = aBundledPerson();
    const first = await deliverBundled(ctx, aText(p, 1, true), send, 'sent');
    expect(first.status).toBe('waiting');
    expect(Date.parse(first.waitUntil!) - ctx.now().getTime()).toBeGreaterThan(4_000);
    advance(2_000);
    const second = await deliverBundled(ctx, aText(p, 2, true), send, 'sent');
    expect(second).toMatchObject({ status: 'waiting', waitingIn: first.waitingIn });

    const q = aBundledPerson();
    const plain = await deliverBundled(ctx, aText(q, 1, false), send, 'sent');
    expect(Date.parse(plain.waitUntil ?? ctx.now().toISOString()) - ctx.now().getTime()).toBeLessThanOrEqual(1_000);
  });
});

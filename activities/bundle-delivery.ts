import { ApplicationFailure } from '@temporalio/common';
import type { PageBundleDoc } from '../src/db/page-bundle.model';
import type { PageBundleRepository } from '../src/db/page-bundle.repository';
import type { NotificationAttemptRepository } from '../src/db/notification-attempt.repository';
import { BundleBell } from './bundle-bell';
import { toGsm7 } from '../src/db/sms-paging';
import { MAX_SMS_LISTED, SMS_FALLBACK_GATHER_MS, bundleSmsText, pagePriority, worstFirst } from '../src/domain/page-bundle';
import { isPermanentTelephonyError, type TelephonyProvider } from '../src/telephony/telephony';
import { PageCalledOff } from '../src/temporal/paced-telephony';
import type { NotifyRequest, NotifyResult } from './activity.types';
import { activitySignal, heartbeating, reconcileWithProvider, type DeliveryTiming } from './reconcile';

/** What bundled delivery needs beyond the plain notify activity's deps. */
export interface BundleDeps {
  repo: PageBundleRepository;
  /** The person's throttle: at most one call (and one text) per this many ms. */
  throttleMs: number;
  /** A critical page never waits longer than this for its bundle to go out. */
  criticalCapMs: number;
  /** Wakes this process's waiting members when a bundle goes out (without one, they only look on a timer). */
  bell?: BundleBell;
  /**
   * A member whose bundle is held longer than this returns 'waiting' (waitUntil: the bundle's due time) for
   * its workflow to sleep on, rather than sleeping in its activity; absent, members always wait in here.
   */
  handBackAfterMs?: number;
}

interface Ctx {
  bundles: BundleDeps;
  telephony: TelephonyProvider;
  attempts: NotificationAttemptRepository;
  timing: DeliveryTiming;
  now: () => Date;
  faults?: (point: 'after-claim' | 'after-dial') => void;
}

/** How one bundle goes out: dial (or text) it, given who is in it; the caller records the result. */
export type BundleSender = (b: PageBundleDoc, signal: AbortSignal | undefined) => Promise<{ sid: string }>;

const PERMANENT = 'PermanentNotifyFailure';
/**
 * The longest a waiting member sleeps before it looks at its bundle again. It sleeps until the bundle is due
 * (then whoever gets there first dials it), and while someone dials, until the bell rings or timing.pollMs
 * passes (a dialler in another process has no bell here).
 */
const MAX_SLEEP_MS = 10_000;

/**
 * Delivers one page through the person's bundle: joins the waiting (or ringing) one, or opens the next, due
 * after their throttle. Whoever finds it due first dials it under a renewed lease; the others wait and return
 * its provider ID. A lapsed lease (the dialler died) is taken over after asking the provider, as for a single
 * page: at least once, reconciled. A member cancelled while its bundle still waits leaves it.
 */
export async function deliverBundled(c: Ctx, req: NotifyRequest, send: BundleSender, placedStatus: 'initiated' | 'sent'): Promise<NotifyResult> {
  const page = req.page;
  if (!page || (req.channel !== 'phone_call' && req.channel !== 'sms')) throw new Error('deliverBundled needs a call or text page');
  const channel = req.channel;
  // The member's own record is the gate, as for a single page: one that already went out is reported, not sent.
  const claim = await c.attempts.claim(
    { key: req.key, alertId: req.alertId, round: req.round, level: String(req.level), attempt: req.attempt, userId: req.person.id, channel, recipient: req.person.phone, ...personOf(req) },
    c.now(),
  );
  if (!claim.claimed) {
    const e = claim.existing;
    if (e.status === 'failed') throw ApplicationFailure.nonRetryable(e.error ?? 'failed earlier', PERMANENT);
    if (e.providerId && e.status !== 'pending' && e.status !== 'retryable') {
      return { key: req.key, status: e.status, providerId: e.providerId, reused: true, outcome: 'recorded' };
    }
  }
  const member = { key: req.key, alertId: req.alertId, severity: page.severity, title: page.title, at: page.at, ...(channel === 'sms' ? { text: req.text } : {}) };
  // Only a retry can find its page in a bundle already (a first try has just recorded the attempt).
  const resumed = claim.claimed && !claim.since ? null : await findJoined(c.bundles.repo, req);
  const joinedAt = c.now();
  const own = req.person.pageThrottleSeconds;
  const throttleMs = own !== undefined ? own * 1000 : c.bundles.throttleMs;
  const gather = req.fallback ? { gatherMs: SMS_FALLBACK_GATHER_MS } : {};
  const joined = resumed ?? (await c.bundles.repo.join({ userId: req.person.id, channel, member, now: joinedAt, throttleMs, criticalCapMs: c.bundles.criticalCapMs, ...gather }));
  if ('claimedByMe' in joined && joined.claimedByMe) return dial(c, req, joined, joinedAt, send, placedStatus);
  let b: PageBundleDoc | null = joined;
  const id = joined._id;
  for (;;) {
    if (!b) throw new Error(`bundle ${id} vanished`);
    if (b.sid) return settle(c, req, b, placedStatus, 'bundled');
    if (b.status === 'failed') {
      await c.attempts.markFailed(req.key, b.error ?? 'the bundle could not be sent', false);
      throw ApplicationFailure.nonRetryable(b.error ?? 'the bundle could not be sent', PERMANENT);
    }
    const now = c.now();
    if (b.status === 'open' && b.dueAt <= now) {
      const claimed = await c.bundles.repo.claimDial(id, now);
      if (claimed) return dial(c, req, claimed, now, send, placedStatus);
    } else if (b.status === 'dialling' && (b.heldAt?.getTime() ?? 0) + c.timing.leaseMs <= now.getTime()) {
      if (await c.bundles.repo.takeOver(id, b.heldAt, now)) return dial(c, req, { ...b, retrySince: b.retrySince ?? b.heldAt ?? now }, now, send, placedStatus);
    }
    const wait = b.status === 'open' ? Math.max(0, b.dueAt.getTime() - now.getTime()) : c.timing.pollMs;
    const handBack = c.bundles.handBackAfterMs;
    if (b.status === 'open' && handBack !== undefined && wait > handBack) {
      // A long hold is slept in the workflow (a timer), not here: no slot, heartbeats or reads while it lasts.
      return { key: req.key, status: 'waiting', providerId: null, reused: false, waitUntil: b.dueAt.toISOString(), waitingIn: b._id, bundle: { id: b.ref, size: b.members.length } };
    }
    await heartbeating(bellOf(c).wait(id, Math.min(Math.max(wait, 20), MAX_SLEEP_MS), ownSignal()));
    if (cancelled()) {
      await c.bundles.repo.leave(id, req.key);
      throw ownSignal()?.reason ?? new Error('page cancelled while its bundle waited');
    }
    b = await c.bundles.repo.findById(id);
  }
}

async function dial(c: Ctx, req: NotifyRequest, b: PageBundleDoc, claimedAt: Date, send: BundleSender, placedStatus: 'initiated' | 'sent'): Promise<NotifyResult> {
  let heldAt = claimedAt;
  // Keep the lease while the dial waits in the pacers' queue, so nobody takes a dial that is still coming.
  const renew = setInterval(() => {
    const next = c.now();
    void c.bundles.repo.renew(b._id, heldAt, next).then((ok) => {
      if (ok) heldAt = next;
    });
  }, Math.max(1_000, c.timing.leaseMs / 3));
  const since = b.retrySince;
  // Only a page alone in its bundle may be called off by its own cancellation: others still need the call.
  const signal = b.members.length === 1 ? ownSignal() : undefined;
  try {
    if (since) {
      const found = await reconcileWithProvider(c, { kind: req.channel === 'sms' ? 'sms' : 'call', to: req.person.phone, claimedAt: since }, c.timing.reconcileTimeoutMs);
      if (found.kind === 'found') {
        await c.bundles.repo.markPlaced(b._id, found.sid, b.channel, c.now());
        return settle(c, req, { ...b, sid: found.sid }, placedStatus, 'reconciled');
      }
    }
    c.faults?.('after-claim');
    const placed = await heartbeating(send(b, signal));
    c.faults?.('after-dial');
    await c.bundles.repo.markPlaced(b._id, placed.sid, b.channel, c.now());
    return settle(c, req, { ...b, sid: placed.sid }, placedStatus, since ? 'redialled' : 'placed');
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (signal?.aborted) {
      // Called off before it reached the provider: the bundle waits again for its other members.
      await c.bundles.repo.markRetryable(b._id, since ?? claimedAt, message);
      await c.bundles.repo.leave(b._id, req.key);
      throw err;
    }
    if (isPermanentTelephonyError(err) || err instanceof PageCalledOff) {
      await c.bundles.repo.markFailed(b._id, message);
      await c.attempts.markFailed(req.key, message, false);
      throw ApplicationFailure.nonRetryable(message, err instanceof PageCalledOff ? 'PageCalledOff' : PERMANENT);
    }
    await c.bundles.repo.markRetryable(b._id, since ?? claimedAt, message);
    await c.attempts.markFailed(req.key, message, true);
    throw err;
  } finally {
    clearInterval(renew);
    // Placed, failed or handed back: this process's other members look again now.
    bellOf(c).ring(b._id);
  }
}

async function settle(c: Ctx, req: NotifyRequest, b: PageBundleDoc, status: 'initiated' | 'sent', outcome: NotifyResult['outcome']): Promise<NotifyResult> {
  const sid = b.sid ?? '';
  await c.attempts.markPlaced(req.key, sid, status);
  return { key: req.key, status, providerId: sid, reused: outcome !== 'placed' && outcome !== 'redialled', outcome, bundle: { id: b.ref, size: b.members.length } };
}

/** The text a bundle sends: the member's own when alone, else one line per alert with the person's reply codes. */
export async function bundleSms(b: PageBundleDoc, personalise: (alertId: string, text: string) => Promise<string>, codeFor: (alertId: string) => Promise<number>): Promise<string> {
  const [only] = b.members;
  if (b.members.length === 1 && only) return personalise(only.alertId, only.text ?? only.title);
  // Titles are the text's only free words: in GSM-7 before the text measures itself against Twilio's limit.
  const members = worstFirst(b.members).map((m) => ({ ...m, title: toGsm7(m.title) }));
  // Codes only for the members the text can list; the others are counted in its "+N more" line.
  const codes = await Promise.all(members.slice(0, MAX_SMS_LISTED).map((m) => codeFor(m.alertId)));
  return bundleSmsText(members.map((m, i) => ({ ...m, code: String(codes[i] ?? '') })));
}

/** The pacers' priority of a bundle: its worst member (lower first), and how long it has waited. */
export const bundlePriority = (b: PageBundleDoc) => ({
  priority: Math.min(...b.members.map((m) => pagePriority(m.severity))),
  queuedAt: Math.min(...b.members.map((m) => Date.parse(m.at))),
});

const ownSignal = activitySignal;
const bellOf = (c: Ctx) => c.bundles.bell ?? new BundleBell();
const cancelled = () => ownSignal()?.aborted ?? false;

/** The bundle a page already joined: the one its last 'waiting' answer named, read by ID, else looked up. */
async function findJoined(repo: PageBundleRepository, req: NotifyRequest): Promise<PageBundleDoc | null> {
  const named = req.inBundle ? await repo.findById(req.inBundle) : null;
  return named?.members.some((m) => m.key === req.key) ? named : repo.findByMember(req.key);
}

/** The person as the page names them, kept on the attempt for its webhooks (see NotificationAttemptDoc). */
export const personOf = (req: Pick<NotifyRequest, 'person'>) => ({
  personName: req.person.name,
  ...(req.person.timezone ? { personZone: req.person.timezone } : {}),
});

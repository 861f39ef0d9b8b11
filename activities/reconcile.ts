import { Context } from '@temporalio/activity';
import type { NotificationAttemptRepository } from '../src/db/notification-attempt.repository';
import {
  DIAL_LEASE_MS,
  NOTIFY_HEARTBEAT_INTERVAL_MS,
  PROVIDER_CLOCK_SKEW_MS,
  RECONCILE_TIMEOUT_MS,
} from '../src/domain/delivery-timing';
import type { TelephonyProvider } from '../src/telephony/telephony';

/** Bounds of a reconcile; tests shorten them, production uses src/domain/delivery-timing.ts. */
export interface DeliveryTiming {
  leaseMs: number;
  reconcileTimeoutMs: number;
  pollMs: number;
}

export const DEFAULT_DELIVERY_TIMING: DeliveryTiming = {
  leaseMs: DIAL_LEASE_MS,
  reconcileTimeoutMs: RECONCILE_TIMEOUT_MS,
  pollMs: 1_000,
};

/** What the provider says about an earlier try: it went out (and its ID), it did not, or nobody knows. */
export type Reconciled = { kind: 'found'; sid: string } | { kind: 'none' } | { kind: 'unknown'; reason: string };

/** Beats while `work` runs, when inside an activity (outside one, as in unit tests, it just runs). */
export async function heartbeating<T>(work: Promise<T>): Promise<T> {
  const beat = () => {
    try {
      Context.current().heartbeat();
    } catch {
      // not running as an activity
    }
  };
  beat();
  const timer = setInterval(beat, NOTIFY_HEARTBEAT_INTERVAL_MS);
  try {
    return await work;
  } finally {
    clearInterval(timer);
  }
}

export const pause = (ms: number) => heartbeating(new Promise<void>((r) => setTimeout(r, ms)));

/**
 * Asks the provider whether a call or message to `to` was created since the attempt was claimed and is not
 * already some other attempt's. Gives up after `timeoutMs`: then the caller dials anyway (at least once).
 */
export async function reconcileWithProvider(
  deps: { telephony: TelephonyProvider; attempts: NotificationAttemptRepository },
  req: { kind: 'call' | 'sms'; to: string; claimedAt: Date },
  timeoutMs: number,
): Promise<Reconciled> {
  const since = new Date(req.claimedAt.getTime() - PROVIDER_CLOCK_SKEW_MS);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const recent = await heartbeating(Promise.race([deps.telephony.findRecent({ kind: req.kind, to: req.to, since }), timeout]));
    const known = await deps.attempts.knownProviderIds(recent.map((r) => r.sid));
    // Oldest first: the earliest unclaimed resource after our claim is the one our earlier try created.
    const ours = recent.filter((r) => !known.has(r.sid)).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())[0];
    return ours ? { kind: 'found', sid: ours.sid } : { kind: 'none' };
  } catch (err) {
    return { kind: 'unknown', reason: err instanceof Error ? err.message : String(err) };
  } finally {
    clearTimeout(timer);
  }
}

/** The running activity's cancellation signal (undefined outside an activity, as in unit tests). */
export function activitySignal(): AbortSignal | undefined {
  try {
    return Context.current().cancellationSignal;
  } catch {
    return undefined;
  }
}

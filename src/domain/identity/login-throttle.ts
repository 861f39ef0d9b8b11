/** Brute-force limits on failed logins, per account and per client address: pure time maths. */

export interface ThrottlePolicy {
  maxFailures: number;
  windowMs: number;
  lockMs: number;
}

export interface FailureState {
  count: number;
  firstAt: Date;
  lockedUntil: Date | null;
}

/** Seconds until the key may try again, or 0 when it is not locked. */
export function retryAfterSeconds(state: FailureState | null, now: Date): number {
  if (!state?.lockedUntil || state.lockedUntil <= now) return 0;
  return Math.max(1, Math.ceil((state.lockedUntil.getTime() - now.getTime()) / 1000));
}

/** The state after one more failure; `locked` is true when this failure starts a lockout. */
export function afterFailure(
  prev: FailureState | null,
  now: Date,
  policy: ThrottlePolicy,
): { state: FailureState; locked: boolean } {
  const fresh = !prev || now.getTime() - prev.firstAt.getTime() > policy.windowMs || (prev.lockedUntil !== null && prev.lockedUntil <= now);
  const count = fresh ? 1 : prev.count + 1;
  const firstAt = fresh ? now : prev.firstAt;
  if (count >= policy.maxFailures) {
    return { state: { count: 0, firstAt: now, lockedUntil: new Date(now.getTime() + policy.lockMs) }, locked: true };
  }
  return { state: { count, firstAt, lockedUntil: null }, locked: false };
}

import type { EscalationLevel, EscalationPolicySnapshot } from './escalation.types';

const MINUTE_MS = 60_000;

/**
 * Level timing. A level that starts at t0 pages at t0 + k * retryIntervalMinutes for k = 0..repeatCount,
 * and escalates at t0 + repeatCount * retryIntervalMinutes + delayMinutes: every retry happens, and the
 * last one still gets a full ack window of delayMinutes.
 */
export function attemptOffsetMs(level: EscalationLevel, attempt: number): number {
  return attempt * Math.max(0, level.retryIntervalMinutes) * MINUTE_MS;
}

export function escalateOffsetMs(level: EscalationLevel): number {
  return attemptOffsetMs(level, attemptCount(level) - 1) + Math.max(0, level.delayMinutes) * MINUTE_MS;
}

/**
 * How early a long wait (the next level, the next retry) wakes. Temporal counts a timer from when the workflow task
 * that set it completes, not from when it started, so a task held open (by a local activity writing the timeline,
 * say) makes the timer fire that much late: about a second under 10,000 open alerts on this machine. Waking this
 * early and then setting a short timer, from a task that does nothing else, puts the level on time.
 */
export const EARLY_WAKE_MS = 10_000;

/** The timer to set for a wait until `until`, at `now`: a wait longer than 3 × EARLY_WAKE_MS wakes EARLY_WAKE_MS early; at least 1 ms. */
export function waitTimerMs(until: number, now: number): number {
  const left = Math.max(1, until - now);
  return left > 3 * EARLY_WAKE_MS ? left - EARLY_WAKE_MS : left;
}

/** Attempts per level: the first page plus repeatCount retries. */
export function attemptCount(level: EscalationLevel): number {
  return 1 + Math.max(0, Math.floor(level.repeatCount));
}

/** Passes over the whole ladder: the first plus `repeat` extra ones. */
export function roundCount(policy: EscalationPolicySnapshot): number {
  return 1 + Math.max(0, Math.floor(policy.repeat ?? 0));
}

export type LadderPosition = { round: number; level: number } | 'exhausted';

/** The position after `level` of `round`: the next level, the next pass, or the end of the ladder. */
export function nextPosition(policy: EscalationPolicySnapshot, round: number, level: number): LadderPosition {
  if (level + 1 < policy.levels.length) return { round, level: level + 1 };
  if (round + 1 < roundCount(policy) && policy.levels.length > 0) return { round: round + 1, level: 0 };
  return 'exhausted';
}

/** `<alertId>:<round>:<level>:<attempt>:<userId>:<channel>`: one key per step, so a retry never pages twice. */
export function attemptKey(p: {
  alertId: string;
  round: number;
  level: number | 'owner';
  attempt: number;
  userId: string;
  channel: string;
}): string {
  return [p.alertId, p.round, p.level, p.attempt, p.userId, p.channel].join(':');
}

/** The workflow ID of an alert: dedup-keyed alerts share one workflow per service (or policy) and key. */
export function alertWorkflowId(a: {
  alertId: string;
  dedupKey?: string | null;
  serviceId?: string | null;
  escalationPolicyId: string;
}): string {
  if (!a.dedupKey) return `alert:${a.alertId}`;
  return `dedup:${a.serviceId || a.escalationPolicyId}:${a.dedupKey}`;
}

/** Human level number used in texts and the timeline (currentLevel is 0-based, as in the seed). */
export const levelLabel = (level: number) => `level ${level + 1}`;

import {
  attemptCount,
  attemptOffsetMs,
  escalateOffsetMs,
  levelLabel,
  nextPosition,
} from '../src/domain/escalation-plan';
import type { AlertStatus, EscalationPolicySnapshot, TimelineEntry } from '../src/domain/escalation.types';
import type { AlertPatch } from '../src/db/alert.repository';
import type { AlertState, AttemptState } from './messages';
import type { WaitingPage } from './written-pages';

/** Everything the workflow knows; plain data, carried whole through continueAsNew. */
export interface EscalationState {
  alertId: string;
  status: AlertStatus;
  round: number;
  level: number;
  /** Next attempt (0-based) to dispatch at the current level. */
  nextAttempt: number;
  /** Epoch ms the current level's clock started (shifted when quiet hours defer a level). */
  levelStartedAt: number;
  count: number;
  exhausted: boolean;
  ownerNotified: boolean;
  initialTriggerSeen: boolean;
  /** Bumped by every handler that changes what the main loop should do next. */
  wake: number;
  attempts: Record<string, AttemptState>;
  /** Page emails and Slack DMs waiting for quiet hours to end, by attempt key (written-pages.ts). */
  waiting?: Record<string, WaitingPage>;
  acknowledgedBy?: string;
  resolvedBy?: string;
}

export type Emit = (entry: Omit<TimelineEntry, 'timestamp'>, patch?: AlertPatch) => void;

export function initialState(alertId: string, now: number): EscalationState {
  return {
    alertId,
    status: 'triggered',
    round: 0,
    level: 0,
    nextAttempt: 0,
    levelStartedAt: now,
    count: 1,
    exhausted: false,
    ownerNotified: false,
    initialTriggerSeen: false,
    wake: 0,
    attempts: {},
  };
}

export type NextStep = { kind: 'attempt'; attempt: number } | { kind: 'wait'; until: number } | { kind: 'escalate' };

/** What an escalating alert should do at `now` (see escalation-plan.ts for the timing rule). */
export function nextStep(s: EscalationState, policy: EscalationPolicySnapshot, now: number): NextStep {
  const level = policy.levels[s.level];
  if (!level) return { kind: 'escalate' };
  if (s.nextAttempt < attemptCount(level)) {
    const due = s.levelStartedAt + attemptOffsetMs(level, s.nextAttempt);
    return due <= now ? { kind: 'attempt', attempt: s.nextAttempt } : { kind: 'wait', until: due };
  }
  const escalateAt = s.levelStartedAt + escalateOffsetMs(level);
  return escalateAt <= now ? { kind: 'escalate' } : { kind: 'wait', until: escalateAt };
}

export function nextEscalationAt(s: EscalationState, policy: EscalationPolicySnapshot): number | null {
  const level = policy.levels[s.level];
  if (s.status !== 'triggered' || s.exhausted || !level) return null;
  return s.levelStartedAt + escalateOffsetMs(level);
}

/** Moves up one level (or to the next pass, or to the end of the ladder) and records why. */
export function moveUp(
  s: EscalationState,
  policy: EscalationPolicySnapshot,
  now: number,
  emit: Emit,
  why: { actor: string; reason: string },
): void {
  const from = s.level;
  const next = nextPosition(policy, s.round, s.level);
  s.wake++;
  if (next === 'exhausted') {
    s.exhausted = true;
    emit(
      { key: `exhausted:${s.round}`, action: 'exhausted', actor: why.actor, details: `escalation ladder exhausted (${why.reason})` },
      { exhausted: true },
    );
    return;
  }
  s.round = next.round;
  s.level = next.level;
  s.nextAttempt = 0;
  s.levelStartedAt = now;
  const details = `${levelLabel(from)} -> ${levelLabel(s.level)}${next.round !== 0 && next.level === 0 ? ` (repeat pass ${next.round})` : ''}: ${why.reason}`;
  emit({ key: `escalated:${s.round}:${s.level}`, action: 'escalated', actor: why.actor, details }, {
    currentLevel: s.level,
    round: s.round,
  });
  emitLevelStarted(s, emit);
}

export function emitLevelStarted(s: EscalationState, emit: Emit): void {
  emit({
    key: `level:${s.round}:${s.level}`,
    action: 'level_started',
    actor: 'system',
    details: `${levelLabel(s.level)}, pass ${s.round + 1}`,
  });
}

export function publicState(s: EscalationState, policy: EscalationPolicySnapshot): AlertState {
  const next = nextEscalationAt(s, policy);
  return {
    alertId: s.alertId,
    status: s.status,
    currentLevel: s.level,
    round: s.round,
    count: s.count,
    exhausted: s.exhausted,
    nextEscalationAt: next === null ? null : new Date(next).toISOString(),
    attempts: Object.values(s.attempts),
    acknowledgedBy: s.acknowledgedBy,
    resolvedBy: s.resolvedBy,
  };
}

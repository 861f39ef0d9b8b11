import { CancellationScope, patched, setHandler } from '@temporalio/workflow';
import { levelLabel } from '../src/domain/escalation-plan';
import { isFinalOutcome, outcomeDrivesPaging, outcomeEntry } from '../src/domain/delivery-outcome';
import type { AttemptStatus } from '../src/db/notification-attempt.model';
import type { AlertContext } from './alert-context';
import { moveUp, publicState } from './alert-state';
import {
  acknowledgeUpdate,
  escalateUpdate,
  foldedTriggersSignal,
  notificationOutcomeSignal,
  resolveUpdate,
  stateQuery,
  triggerUpdate,
  type ActionResult,
} from './messages';
import { quiet } from './activities';
import { requestSmsFallback } from './paging';

/** Registers the alert's messages. Handlers change state synchronously; the main loop and pages react. */
export function registerHandlers(ctx: AlertContext): void {
  const { s, input, projector } = ctx;
  const now = () => new Date(Date.now()).toISOString();
  const ended = (message: string): ActionResult => ({ ok: false, status: 'resolved', alreadyEnded: true, message });
  const notThisAlert = (alertId: string) =>
    alertId !== s.alertId ? ended(`alert ${alertId} has already ended (its workflow now runs alert ${s.alertId})`) : null;
  const stopPaging = (by: string) => {
    s.wake++;
    ctx.paging.cancel();
    hangUpOthers(ctx, by);
  };

  setHandler(stateQuery, () => publicState(s, input.policy));

  setHandler(
    triggerUpdate,
    (t) => {
      if (!s.initialTriggerSeen && t.alertId === s.alertId) {
        s.initialTriggerSeen = true;
        return { alertId: s.alertId, deduplicated: false, count: s.count };
      }
      s.initialTriggerSeen = true;
      s.count++;
      projector.emit(
        { key: `dedup:${s.count}`, action: 'deduplicated', actor: t.source || 'system', details: `trigger #${s.count} folded into this alert; nobody new paged` },
        { count: s.count },
      );
      return { alertId: s.alertId, deduplicated: true, count: s.count };
    },
    {
      // A resolved alert is about to close; the engine waits for that and then starts a new alert.
      validator: (_t) => {
        if (s.status === 'resolved') throw new Error('alert already resolved');
      },
    },
  );

  // Signals may arrive late or twice: the count only grows, and belongs to this alert only.
  setHandler(foldedTriggersSignal, ({ alertId, count }) => {
    if (alertId === s.alertId && count > s.count) s.count = count;
  });

  setHandler(acknowledgeUpdate, ({ alertId, by, via }) => {
    const other = notThisAlert(alertId);
    if (other) return other;
    if (s.status !== 'triggered') {
      const who = s.status === 'acknowledged' ? s.acknowledgedBy : s.resolvedBy;
      return { ok: false, status: s.status, alreadyEnded: true, currentLevel: s.level, message: `already ${s.status} by ${who}` };
    }
    s.status = 'acknowledged';
    s.acknowledgedBy = by;
    stopPaging(by);
    projector.emit(
      { key: 'acknowledged', action: 'acknowledged', actor: by, details: `via ${via} at ${levelLabel(s.level)}; paging stopped` },
      { status: 'acknowledged', acknowledgedBy: by, acknowledgedAt: now() },
    );
    return { ok: true, status: s.status, currentLevel: s.level, message: `acknowledged by ${by}` };
  });

  setHandler(resolveUpdate, ({ alertId, by, via, note }) => {
    const other = notThisAlert(alertId);
    if (other) return other;
    if (s.status === 'resolved') return ended(`already resolved by ${s.resolvedBy}`);
    s.status = 'resolved';
    s.resolvedBy = by;
    stopPaging(by);
    projector.emit(
      { key: 'resolved', action: 'resolved', actor: by, details: `via ${via}${note ? `: ${note}` : ''}` },
      { status: 'resolved', resolvedBy: by, resolvedAt: now(), ...(note ? { resolutionNote: note } : {}) },
    );
    return { ok: true, status: s.status, currentLevel: s.level, message: `resolved by ${by}` };
  });

  setHandler(escalateUpdate, ({ alertId, by, via, asOfLevel }) => {
    const other = notThisAlert(alertId);
    if (other) return other;
    const base = { status: s.status, currentLevel: s.level };
    if (s.status !== 'triggered') return { ...base, ok: false, alreadyEnded: true, message: `alert is ${s.status}` };
    if (s.exhausted) return { ...base, ok: false, message: 'the escalation ladder is exhausted' };
    if (s.level !== asOfLevel) {
      return { ...base, ok: false, message: `already moved on to ${levelLabel(s.level)}; escalation as of ${levelLabel(asOfLevel)} ignored` };
    }
    moveUp(s, input.policy, Date.now(), projector.emit, { actor: by, reason: `escalated by ${by}${via ? ` via ${via}` : ''}` });
    return { ok: true, status: s.status, currentLevel: s.level, message: s.exhausted ? 'escalation ladder exhausted' : `escalated to ${levelLabel(s.level)}` };
  });

  setHandler(notificationOutcomeSignal, ({ attemptKey, outcome, providerId, bundle }) => {
    const a = s.attempts[attemptKey];
    if (!a || isFinalOutcome(a.status) || a.status === outcome) return; // unknown, duplicate or out of order
    a.status = outcome;
    if (providerId) a.providerId = providerId;
    projector.recordOutcome(attemptKey, outcome as AttemptStatus, providerId);
    projector.emit(outcomeEntry(a, outcome, ctx.people[a.userId]?.name ?? a.userId, bundle));
    if (outcomeDrivesPaging(a.channel, outcome)) requestSmsFallback(ctx, attemptKey);
  });
}

/** Statuses of a call that may still be queued or ringing, as the workflow knows them. */
const RINGABLE = new Set(['scheduled', 'pending', 'initiated']);

/**
 * Acknowledged means quiet: calls to other people for this alert that are still queued or ringing are ended
 * through the provider (cancelling the paging scope only stops pages not yet handed to Twilio). Runs outside
 * the cancelled scope; the workflow waits for it (inflight) before it ends.
 */
function hangUpOthers(ctx: AlertContext, by: string): void {
  const { s, projector } = ctx;
  const except = Object.values(ctx.people).filter((p) => p.id === by || p.name === by).map((p) => p.id);
  const ringing = Object.values(s.attempts).some((a) => a.channel === 'phone_call' && RINGABLE.has(a.status) && !except.includes(a.userId));
  if (!ringing || !patched('hang-up-ringing-calls-on-ack')) return;
  const stage = s.status;
  ctx.inflight++;
  CancellationScope.nonCancellable(() => quiet.hangUpRingingCalls({ alertId: s.alertId, exceptUserIds: except }))
    .then((r) => {
      if (r.hungUp.length === 0) return;
      const n = r.hungUp.length;
      projector.emit({ key: `quiet:${stage}`, action: 'calls_cancelled', actor: 'system', details: `${n} call${n === 1 ? '' : 's'} to others still ringing ended: the alert is ${stage}` });
    })
    .catch((err: unknown) => {
      projector.emit({ key: `quiet:${stage}:failed`, action: 'calls_not_cancelled', actor: 'system', details: `could not end ringing calls: ${String(err)}` });
    })
    .finally(() => {
      ctx.inflight--;
    });
}

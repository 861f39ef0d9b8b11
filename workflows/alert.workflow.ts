import { CancellationScope, condition, continueAsNew, isCancellation, allHandlersFinished, sleep } from '@temporalio/workflow';
import { alertWorkflowId, levelLabel, waitTimerMs } from '../src/domain/escalation-plan';
import type { AlertContext, AlertWorkflowInput } from './alert-context';
import { launch, projectionHeld } from './alert-context';
import { emitLevelStarted, initialState, moveUp, nextStep } from './alert-state';
import { announce, announceEntry } from './alert-events';
import { registerHandlers } from './handlers';
import { dispatchAttempt, notifyOwner } from './paging';
import { resumeWaitingPages } from './written-pages';
import { DEFAULT_MAX_HISTORY_EVENTS, Projector, historyTooLong } from './projector';
import type { OpenAlertRequest } from '../activities/activity.types';
import type { AlertInfo } from '../src/domain/escalation.types';

export type { AlertWorkflowInput } from './alert-context';

/**
 * One alert, from trigger to resolve. Walks the frozen policy level by level (timing rule in
 * src/domain/escalation-plan.ts), repeats the ladder `repeat` times, then tells the owner and keeps the
 * alert open. Acknowledge stops all paging at once; the workflow then waits for resolve and ends.
 */
export async function alertWorkflow(input: AlertWorkflowInput): Promise<void> {
  const { alert, policy } = input;
  const carried = input.carried;
  const ctx: AlertContext = {
    input,
    s: carried?.state ?? initialState(alert.alertId, Date.now()),
    people: carried?.people ?? {},
    projector: new Projector(
      alert.alertId,
      carried?.backlog ?? { entries: [], patch: {}, outcomes: [], open: opening(alert) },
      (e) => announceEntry(ctx, e),
      input.settledBatches === true,
    ),
    paging: new CancellationScope(),
    inflight: 0,
    firstTargetsTaken: false,
    lookups: 0,
    pagedInTask: -1,
  };
  const { s, projector } = ctx;
  const emit = projector.emit;
  registerHandlers(ctx); // before any await: the starting trigger update arrives with the first task

  if (!carried) {
    if (policy.levels.length === 0) moveUp(s, policy, Date.now(), emit, { actor: 'system', reason: 'the policy has no levels' });
    else emitLevelStarted(s, emit);
  }
  if (s.status !== 'triggered') ctx.paging.cancel();
  else if (carried) resumeWaitingPages(ctx);
  let closing = false;
  // Escalation starts first: it reaches the first page's target lookup before it awaits anything, so the
  // projector below already finds itself held. Paging never waits for Mongo: the projection (its first
  // batch also opens the alert document, which the API has usually written already) follows once the
  // first page is on its way.
  const escalating = escalate(ctx);
  if (!carried) {
    const announceTrigger = () => announce(ctx, 'triggered', 'triggered', alert.source || 'system');
    if (input.triggerEventAfterFirstPage) afterFirstPageTask(ctx, announceTrigger);
    else announceTrigger(); // older alerts: in the first task, as they ran
  }
  const projecting = projector.run(
    () => closing,
    () => projectionHeld(ctx),
  );
  await escalating;

  // Resolved: write the last entries, let running handlers answer, then end.
  await condition(() => ctx.inflight === 0 && allHandlersFinished());
  closing = true;
  await projecting;
  // End in a later workflow task than the one that took the resolve. A task that completes the run is
  // rejected (UnhandledCommand) when an event arrives meanwhile, such as the result of a call cancelled
  // a moment ago, and the server then fails the resolve update that task carried; the batch written
  // above by a local activity keeps the task open long enough for that to happen.
  await sleep(1);
}

/** Runs `fn` once no workflow task that scheduled a page is still open (the projector's rule: projectionHeld). */
function afterFirstPageTask(ctx: AlertContext, fn: () => void): void {
  ctx.inflight++;
  condition(() => !projectionHeld(ctx))
    .then(fn)
    .catch((err: unknown) => {
      if (!isCancellation(err)) throw err;
    })
    .finally(() => {
      ctx.inflight--;
    });
}

/** The alert document as the workflow opens it (the engine writes the same one when it answers 202). */
function opening(alert: AlertInfo): OpenAlertRequest {
  const first = { key: 'triggered', action: 'triggered', actor: alert.source || 'system', timestamp: alert.createdAt, details: alert.title };
  return { alert, workflowId: alertWorkflowId(alert), first };
}

/** Walks the ladder until the alert is resolved (or hands over to a fresh run when history grows long). */
async function escalate(ctx: AlertContext): Promise<void> {
  const { s, input, projector } = ctx;
  const { policy } = input;
  const emit = projector.emit;
  const maxEvents = input.maxHistoryEvents ?? DEFAULT_MAX_HISTORY_EVENTS;
  const tooLong = () => historyTooLong(maxEvents);

  while (s.status !== 'resolved') {
    if (tooLong()) {
      // Hand over to a fresh run: let running pages and the batch being written finish; carry the rest.
      projector.pause();
      await condition(() => ctx.inflight === 0 && !projector.isFlushing && allHandlersFinished());
      await continueAsNew<typeof alertWorkflow>({ ...input, carried: { state: s, people: ctx.people, backlog: projector.backlog() } });
    }
    const seen = s.wake;
    const changed = () => s.wake !== seen || s.status === 'resolved' || tooLong();
    if (s.status === 'acknowledged' || s.exhausted) {
      if (s.exhausted && s.status === 'triggered' && !s.ownerNotified) {
        s.ownerNotified = true;
        launch(ctx, () => notifyOwner(ctx));
      }
      await condition(changed);
      continue;
    }
    const step = nextStep(s, policy, Date.now());
    if (step.kind === 'attempt') {
      try {
        await ctx.paging.run(() => dispatchAttempt(ctx, step.attempt));
      } catch (err) {
        if (!isCancellation(err)) throw err;
      }
    } else if (step.kind === 'escalate') {
      moveUp(s, policy, Date.now(), emit, { actor: 'system', reason: `no acknowledgement at ${levelLabel(s.level)}` });
    } else {
      // A long wait wakes early and comes back here for the rest (waitTimerMs says why). Histories from before
      // that replay as they are: the core matches a timer by its sequence, not its duration, and a timer that
      // fired at the full delay finds the wait over.
      await condition(changed, waitTimerMs(step.until, Date.now()));
    }
  }
}

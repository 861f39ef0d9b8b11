import { CancellationScope, isCancellation, log, proxyLocalActivities, startChild } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { AlertEventInput } from '../activities/alert-events.activities';
import type { TimelineEntry } from '../src/domain/escalation.types';
import type { AlertContext } from './alert-context';
import { alertEventWorkflow } from './alert-event.workflow';
import { LOCAL_TRY_TIMEOUT } from './activities';

const localPlanning = proxyLocalActivities<Activities>({ startToCloseTimeout: LOCAL_TRY_TIMEOUT, retry: { maximumAttempts: 1 }, cancellationType: 'ABANDON' });

const EVENT_OF: Record<string, AlertEventInput['event'] | undefined> = {
  acknowledged: 'acknowledged',
  escalated: 'escalated',
  resolved: 'resolved',
};

/**
 * Tells webhooks and Slack about one change of the alert, through an abandoned child workflow with a
 * deterministic ID (`alert-event:<alert>:<timeline key>`), so an event is handed over exactly once, and its
 * deliveries retry on their own schedule while the alert goes on (or ends).
 */
export function announce(ctx: AlertContext, event: AlertEventInput['event'], key: string, actor: string): void {
  const { s, input } = ctx;
  // Alerts started before outgoing events existed replay without them (a flag, not patched(): no marker
  // event in the first task, which must schedule the first call and nothing else).
  if (!input.announceEvents) return;
  const args: AlertEventInput = {
    eventId: `${s.alertId}:${key}`,
    event,
    occurredAt: new Date(Date.now()).toISOString(),
    actor,
    alert: {
      id: s.alertId,
      title: input.alert.title,
      description: input.alert.description,
      severity: input.alert.severity,
      serviceId: input.alert.serviceId ?? null,
      status: s.status,
      level: s.level,
    },
  };
  ctx.inflight++;
  const handOver = async () => {
    if (input.planEventsFirst) {
      // Most services have no webhook and no Slack: a whole child workflow per event would tell nobody.
      // A failed look-up hands over anyway (the child plans again, durably), so no event is lost.
      const plan = await localPlanning.planAlertEvent(args).catch((err: unknown) => {
        if (isCancellation(err)) throw err;
        return undefined;
      });
      if (plan && plan.webhookIds.length === 0 && !plan.slack) return;
    }
    await startChild(alertEventWorkflow, {
      workflowId: `alert-event:${s.alertId}:${key}`,
      args: [args],
      parentClosePolicy: 'ABANDON',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
  };
  CancellationScope.nonCancellable(handOver)
    .catch((err: unknown) => log.warn('alert event not handed over', { key, error: String(err) }))
    .finally(() => {
      ctx.inflight--;
    });
}

/** The projector's hook: timeline entries that are alert events are announced. */
export function announceEntry(ctx: AlertContext, entry: TimelineEntry): void {
  const event = EVENT_OF[entry.action];
  if (event) announce(ctx, event, entry.key, entry.actor);
}

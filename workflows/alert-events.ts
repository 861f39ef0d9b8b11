import { CancellationScope, isCancellation, log, patched, proxyActivities, proxyLocalActivities, startChild } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { AlertEventInput } from '../activities/alert-events.activities';
import type { TimelineEntry } from '../src/domain/escalation.types';
import type { AlertContext } from './alert-context';
import { SLACK_SYNC_RETRY, SLACK_SYNC_TIMEOUT, alertEventWorkflow } from './alert-event.workflow';
import { LOCAL_TRY_TIMEOUT } from './activities';

const localPlanning = proxyLocalActivities<Activities>({ startToCloseTimeout: LOCAL_TRY_TIMEOUT, retry: { maximumAttempts: 1 }, cancellationType: 'ABANDON' });

const EVENT_OF: Record<string, AlertEventInput['event'] | undefined> = {
  acknowledged: 'acknowledged',
  escalated: 'escalated',
  resolved: 'resolved',
};

/** Alerts that ran before Slack DMs followed every alert replay without these updates. */
const DM_PATCH = 'slack-dms-follow-every-alert';

const slack = proxyActivities<Activities>({ startToCloseTimeout: SLACK_SYNC_TIMEOUT, retry: SLACK_SYNC_RETRY });

function eventArgs(ctx: AlertContext, event: AlertEventInput['event'], key: string, actor: string): AlertEventInput {
  const { s, input } = ctx;
  return {
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
}

/**
 * Tells webhooks and Slack about one change of the alert. Alerts of a service go through an abandoned
 * child workflow with a deterministic ID (`alert-event:<alert>:<timeline key>`), so an event is handed over
 * exactly once, and its webhook deliveries retry on their own schedule while the alert goes on (or ends).
 * Every other alert has no webhooks or channel post, only the Slack DMs sent to the people paged: those
 * are brought up to date by an activity of the alert itself.
 */
export function announce(ctx: AlertContext, event: AlertEventInput['event'], key: string, actor: string): void {
  const { s, input } = ctx;
  // Alerts started before outgoing events existed replay without them (a flag, not patched(): no marker
  // event in the first task, which must schedule the first call and nothing else).
  if (!input.announceEvents) {
    if (event !== 'triggered') updateSlackDms(ctx, event, key, actor);
    return;
  }
  const args = eventArgs(ctx, event, key, actor);
  ctx.inflight++;
  const handOver = async () => {
    if (input.planEventsFirst) {
      // Most services have no webhook and no Slack: a whole child workflow per event would tell nobody.
      // A failed look-up hands over anyway (the child plans again, durably), so no event is lost.
      // New alerts plan with the projector's next batch: one local activity for both (and none while a page
      // is being set up). Older alerts replay their own planning activity.
      const plan = input.planEventsWithProjection
        ? await ctx.projector.plan(args)
        : await localPlanning.planAlertEvent(args).catch((err: unknown) => {
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

/**
 * Updates the alert's Slack messages in place, without a child workflow (an activity of this alert: the
 * time-skipping test server hangs on abandoned children, sdk-typescript#1101, and an alert without a
 * service needs no durable webhook retries). Only when a Slack DM about this alert went out.
 */
export function updateSlackDms(ctx: AlertContext, event: AlertEventInput['event'], key: string, actor: string): void {
  const dmSent = Object.values(ctx.s.attempts).some((a) => a.channel === 'slack' && a.status === 'sent');
  if (!dmSent || !patched(DM_PATCH)) return;
  ctx.inflight++;
  CancellationScope.nonCancellable(() => slack.syncSlackAlert(eventArgs(ctx, event, key, actor)))
    .catch((err: unknown) => log.warn('Slack messages not updated', { key, error: String(err) }))
    .finally(() => {
      ctx.inflight--;
    });
}

/** The projector's hook: timeline entries that are alert events are announced. */
export function announceEntry(ctx: AlertContext, entry: TimelineEntry): void {
  const event = EVENT_OF[entry.action];
  if (event) announce(ctx, event, entry.key, entry.actor);
}

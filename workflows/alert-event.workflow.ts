import { log, proxyActivities, type RetryPolicy } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { AlertEventInput } from '../activities/alert-events.activities';

/** Planning reads Mongo only: retry it like any projection. */
const PLAN_TIMEOUT = '30 seconds';
/** One POST to a receiver (the sender's own timeout is 8 s). */
export const WEBHOOK_TIMEOUT = '15 seconds';
/** A receiver that is down gets the event for about a day: 1 s, 2 s, 4 s, ... then every 30 minutes. */
export const WEBHOOK_RETRY: RetryPolicy = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 minutes', maximumAttempts: 60 };
export const SLACK_SYNC_TIMEOUT = '30 seconds';
export const SLACK_SYNC_RETRY: RetryPolicy = { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes', maximumAttempts: 10 };

const planning = proxyActivities<Activities>({ startToCloseTimeout: PLAN_TIMEOUT, retry: { initialInterval: '1 second', maximumInterval: '1 minute' } });
const webhooks = proxyActivities<Activities>({ startToCloseTimeout: WEBHOOK_TIMEOUT, retry: WEBHOOK_RETRY });
const slack = proxyActivities<Activities>({ startToCloseTimeout: SLACK_SYNC_TIMEOUT, retry: SLACK_SYNC_RETRY });

/**
 * One alert event (triggered, acknowledged, escalated, resolved) told to the outside: each of the service's
 * webhooks gets it, retried with backoff on its own, and the alert's Slack messages are posted or updated.
 * Started by the alert workflow as an abandoned child, so a slow receiver never holds the alert open.
 */
export async function alertEventWorkflow(input: AlertEventInput): Promise<void> {
  const plan = await planning.planAlertEvent(input);
  const jobs: Promise<unknown>[] = plan.webhookIds.map((webhookId) =>
    webhooks.deliverWebhook({ webhookId, input }).catch((err: unknown) => log.warn('webhook delivery given up', { webhookId, error: String(err) })),
  );
  if (plan.slack) jobs.push(slack.syncSlackAlert(input).catch((err: unknown) => log.warn('Slack update given up', { error: String(err) })));
  await Promise.all(jobs);
}

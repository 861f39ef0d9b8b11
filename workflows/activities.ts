import { proxyActivities, type RetryPolicy } from '@temporalio/workflow';
import type { Activities } from '../activities';

/** Timeouts and retries of every activity the alert workflow calls. */
export const PROJECTION_TIMEOUT = '30 seconds';
export const DIRECTORY_TIMEOUT = '30 seconds';
/** One Twilio REST request; a worker that died mid-dial is noticed (and its step retried, not redialled) after this. */
export const NOTIFY_TIMEOUT = '10 seconds';
/** Mongo blips must not lose a timeline entry: keep retrying, at most a minute apart. */
export const PERSISTENT_RETRY: RetryPolicy = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' };
/** A page that keeps failing transiently is given up after a few tries and falls back to SMS. */
export const NOTIFY_RETRY: RetryPolicy = {
  initialInterval: '2 seconds',
  backoffCoefficient: 2,
  maximumInterval: '30 seconds',
  maximumAttempts: 5,
  nonRetryableErrorTypes: ['PermanentNotifyFailure'],
};

export const projection = proxyActivities<Activities>({
  startToCloseTimeout: PROJECTION_TIMEOUT,
  retry: PERSISTENT_RETRY,
});

/** A lookup has no side effects: an ack while it runs simply abandons it (no cancel round trip needed). */
export const directory = proxyActivities<Activities>({
  startToCloseTimeout: DIRECTORY_TIMEOUT,
  retry: PERSISTENT_RETRY,
  cancellationType: 'ABANDON',
});

/**
 * Pages wait on rate-limited queues. Cancelling the paging scope (ack/resolve) asks the server to cancel
 * them (TRY_CANCEL, the default), so a page still queued behind the rate limit is never dialled.
 */
export function notifiers(taskQueues: { calls: string; sms: string }) {
  const calls = proxyActivities<Activities>({ taskQueue: taskQueues.calls, startToCloseTimeout: NOTIFY_TIMEOUT, retry: NOTIFY_RETRY });
  const sms = proxyActivities<Activities>({ taskQueue: taskQueues.sms, startToCloseTimeout: NOTIFY_TIMEOUT, retry: NOTIFY_RETRY });
  return { placeCall: calls.placeCall, sendSms: sms.sendSms };
}

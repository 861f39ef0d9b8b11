import { isCancellation, log, proxyActivities, proxyLocalActivities, type RetryPolicy } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { NOTIFY_ACTIVITY_TIMEOUT_MS, NOTIFY_HEARTBEAT_TIMEOUT_MS } from '../src/domain/delivery-timing';

/** Timeouts and retries of every activity the alert workflow calls. */
export const PROJECTION_TIMEOUT = '30 seconds';
export const DIRECTORY_TIMEOUT = '30 seconds';
/**
 * One try of a lookup or projection write as a local activity. Kept well under the workflow task's
 * heartbeat (8 s of its 10 s timeout): a local activity holds the task open, and with it the page commands
 * and update answers of that task.
 */
export const LOCAL_TRY_TIMEOUT = '5 seconds';
/**
 * One try of a page: longer than the Twilio client's own timeout plus a reconcile (see delivery-timing.ts),
 * so a slow provider is never abandoned while it may still be dialling. A worker that died mid-page is
 * noticed by its missing heartbeat instead, and the retry reconciles with the provider before dialling.
 */
export const NOTIFY_TIMEOUT = NOTIFY_ACTIVITY_TIMEOUT_MS;
export const NOTIFY_HEARTBEAT_TIMEOUT = NOTIFY_HEARTBEAT_TIMEOUT_MS;
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

/** A text is the last resort (the fallback of a call that failed): it keeps trying through a provider outage of minutes. */
export const SMS_RETRY: RetryPolicy = { ...NOTIFY_RETRY, maximumAttempts: 12 };

type AsyncFn = (...args: never[]) => Promise<unknown>;

/**
 * Runs an idempotent Mongo call as a local activity (in this worker, inside the workflow task: no server
 * round trip, one marker event), and only if that try fails hands the same call to a regular activity,
 * whose PERSISTENT_RETRY backoff runs on the server and never holds a workflow task open. So the cheap
 * path is the usual one, and a Mongo outage still cannot stall paging or acknowledgements for long.
 */
function localFirst<F extends AsyncFn>(name: string, local: F, durable: F): F {
  const run = async (...args: Parameters<F>) => {
    try {
      return await local(...args);
    } catch (err) {
      if (isCancellation(err)) throw err;
      log.warn(`local activity ${name} failed; retrying it as a regular activity`, { error: String(err) });
      return durable(...args);
    }
  };
  return run as F;
}

const localTry = { startToCloseTimeout: LOCAL_TRY_TIMEOUT, retry: { maximumAttempts: 1 } } as const;

const localProjection = proxyLocalActivities<Activities>(localTry);
const durableProjection = proxyActivities<Activities>({ startToCloseTimeout: PROJECTION_TIMEOUT, retry: PERSISTENT_RETRY });

/** Mongo projection writes, one batch per call (idempotent: an upsert, keyed timeline entries, outcomes). */
export const projection = {
  project: localFirst('project', localProjection.project, durableProjection.project),
};

/** A lookup has no side effects: an ack while it runs simply abandons it (no cancel round trip needed). */
const localDirectory = proxyLocalActivities<Activities>({ ...localTry, cancellationType: 'ABANDON' });
const durableDirectory = proxyActivities<Activities>({ startToCloseTimeout: DIRECTORY_TIMEOUT, retry: PERSISTENT_RETRY, cancellationType: 'ABANDON' });

export const directory = {
  resolveTargets: localFirst('resolveTargets', localDirectory.resolveTargets, durableDirectory.resolveTargets),
};

/**
 * Pages wait on rate-limited queues. Cancelling the paging scope (ack/resolve) asks the server to cancel
 * them (TRY_CANCEL, the default), so a page still queued behind the rate limit is never dialled.
 */
export function notifiers(taskQueues: { calls: string; sms: string }) {
  const timeouts = { startToCloseTimeout: NOTIFY_TIMEOUT, heartbeatTimeout: NOTIFY_HEARTBEAT_TIMEOUT, retry: NOTIFY_RETRY };
  const calls = proxyActivities<Activities>({ taskQueue: taskQueues.calls, ...timeouts });
  const sms = proxyActivities<Activities>({ taskQueue: taskQueues.sms, ...timeouts, retry: SMS_RETRY });
  return { placeCall: calls.placeCall, sendSms: sms.sendSms };
}

/** A page that slept in its workflow for its bundle, cancelled meanwhile, leaves the bundle: a few tries. */
const bundleActivities = proxyActivities<Activities>({ startToCloseTimeout: '30 seconds', retry: { initialInterval: '1 second', maximumAttempts: 5 } });
export const bundles = { leaveBundle: bundleActivities.leaveBundle };

/** Hanging up the alert's other ringing calls after an ack: a few tries, then the calls ring out on their own. */
export const QUIET_TIMEOUT = '1 minute';
const quietActivities = proxyActivities<Activities>({
  startToCloseTimeout: QUIET_TIMEOUT,
  heartbeatTimeout: NOTIFY_HEARTBEAT_TIMEOUT_MS,
  retry: { initialInterval: '1 second', maximumAttempts: 3 },
});
export const quiet = { hangUpRingingCalls: quietActivities.hangUpRingingCalls };
/** Page emails and Slack messages: on the main queue (no per-second carrier limit), retried like pages. */
export const CHANNEL_PAGE_TIMEOUT = '20 seconds';
const channelPages = proxyActivities<Activities>({ startToCloseTimeout: CHANNEL_PAGE_TIMEOUT, retry: NOTIFY_RETRY });
export const channelNotifiers = { sendEmailPage: channelPages.sendEmailPage, sendSlackPage: channelPages.sendSlackPage };

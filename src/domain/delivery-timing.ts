/**
 * How long each step of a page may take. Delivery is at least once, reconciled: every bound below is
 * derived from the one before it, so a slow provider is never abandoned while it may still be dialling,
 * and a retry never reports a page as placed without proof. Pure constants, shared by the Twilio client,
 * the notify activities and the workflow (which may import src/domain only).
 */

/** One Twilio REST request (create a call or message, list them) gives up after this. */
export const TWILIO_REQUEST_TIMEOUT_MS = 15_000;

/**
 * A `pending` attempt younger than this may still be dialling in another (slow or stalled) activity run: a
 * retry waits for it to finish before reconciling. The request's own timeout, plus room for the per-process
 * pacer and the Mongo write that records the result.
 */
export const DIAL_LEASE_MS = TWILIO_REQUEST_TIMEOUT_MS + 10_000;

/** Asking the provider whether an earlier try went out; still unknown after this, the retry dials anyway. */
export const RECONCILE_TIMEOUT_MS = 10_000;

/** Clock slack between our Mongo claim time and the provider's creation time of the call it led to. */
export const PROVIDER_CLOCK_SKEW_MS = 5_000;

/** The notify activity beats at least this often while it waits or dials. */
export const NOTIFY_HEARTBEAT_INTERVAL_MS = 2_000;

/** A worker that died mid-page is noticed after this without a heartbeat, and the step retried (reconciled). */
export const NOTIFY_HEARTBEAT_TIMEOUT_MS = 10_000;

/** The longest per-person throttle (PAGE_THROTTLE_SECONDS): a bundled page may wait this long for its turn. */
export const MAX_PAGE_THROTTLE_SECONDS = 600;

/**
 * How long a page may wait in the pacers' queue (priority order, at the Twilio limit) before its try is
 * given up and retried. A queue this long means the limit is far too low for the paging load.
 */
export const MAX_PACER_QUEUE_MS = 5 * 60_000;

/**
 * One try of the notify activity: the worst case is its bundle's throttle, the pacers' queue, waiting out
 * another run's lease, reconciling, then dialling, plus a margin for Mongo. Longer than the client timeout
 * inside it, always; a worker that dies meanwhile is noticed by its missing heartbeat, not by this.
 */
export const NOTIFY_ACTIVITY_TIMEOUT_MS =
  MAX_PAGE_THROTTLE_SECONDS * 1000 + MAX_PACER_QUEUE_MS + DIAL_LEASE_MS + RECONCILE_TIMEOUT_MS + TWILIO_REQUEST_TIMEOUT_MS + 10_000;

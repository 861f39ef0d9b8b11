import { ApplicationFailure } from '@temporalio/common';
import type { NotificationAttemptDoc } from '../src/db/notification-attempt.model';
import type { NotificationAttemptRepository } from '../src/db/notification-attempt.repository';
import { PageCalledOff } from '../src/temporal/paced-telephony';
import { isPermanentTelephonyError, TelephonyError, type TelephonyProvider } from '../src/telephony/telephony';
import type { NotifyRequest, NotifyResult } from './activity.types';
import { bundlePriority, bundleSms, deliverBundled, personOf, type BundleDeps } from './bundle-delivery';
import { activitySignal, DEFAULT_DELIVERY_TIMING, heartbeating, pause, reconcileWithProvider, type DeliveryTiming } from './reconcile';

export interface NotifyDeps {
  telephony: TelephonyProvider;
  attempts: NotificationAttemptRepository;
  /** PUBLIC_URL without a trailing slash: Twilio calls our webhooks there. */
  publicUrl: string;
  /** STOP opt-outs and per-recipient reply codes (src/db/sms-paging.ts); absent, texts go out as given. */
  sms?: {
    isOptedOut(phone: string): Promise<boolean>;
    personalise(req: { alertId: string; person: { id: string }; text: string }): Promise<string>;
    /** The person's reply code for an alert (a bundle text lists one per alert). */
    codeFor?(userId: string, alertId: string): Promise<number>;
  };
  /** Whether an alert is still unacknowledged (a page that queued a while asks before it goes out). */
  alerts?: { findById(alertId: string): Promise<{ status: string } | null> };
  /** One person, one phone (activities/bundle-delivery.ts); absent, every page is dialled on its own. */
  bundles?: BundleDeps;
  /** Drill-only fault hook (src/temporal/drill-faults.ts): may kill the process in the crash windows. */
  faults?: (point: 'after-claim' | 'after-dial') => void;
  /** Shorter reconcile bounds (tests); production uses DEFAULT_DELIVERY_TIMING. */
  timing?: Partial<DeliveryTiming>;
  now?: () => Date;
}

/** A page cancelled (acknowledged) while it waits in the pacers' queue is dropped there, never dialled. */
const signalled = () => {
  const signal = activitySignal();
  return signal ? { signal } : {};
};

/** Twilio's own code for "recipient unsubscribed", so an opt-out reads the same wherever it was caught. */
const UNSUBSCRIBED = 21610;

/** Failure types the workflow tells apart. */
export const PERMANENT_NOTIFY_FAILURE = 'PermanentNotifyFailure';
/** A page dropped from the pacers' queue because its alert was handled meanwhile (nothing was sent). */
export const CALLED_OFF = 'PageCalledOff';

/**
 * Calls and texts, one per deterministic key. Delivery is at least once, reconciled: the attempt is recorded
 * before dialling, and a retry that finds it `pending` with no provider ID (the worker died, or the activity
 * timed out, between the two) never assumes it went out. It waits out the earlier holder's dial lease, asks
 * the provider whether a call or message to that number was created since the claim, and dials unless it
 * can prove one was; still unknown after a bounded time, it dials anyway. A duplicate call is an annoyance;
 * a silently dropped page is an outage.
 */
export function createNotifyActivities(deps: NotifyDeps) {
  /** True while any of these alerts is unacknowledged (or unknown here: then the page goes out). */
  const stillOpen = async (alertIds: string[]) => {
    if (!deps.alerts) return true;
    const docs = await Promise.all(alertIds.map((id) => deps.alerts?.findById(id)));
    return docs.some((d) => !d || d.status === 'triggered');
  };
  const webhook = (path: string, key: string) => `${deps.publicUrl}${path}?attempt=${encodeURIComponent(key)}`;
  const timing = { ...DEFAULT_DELIVERY_TIMING, ...deps.timing };
  const now = deps.now ?? (() => new Date());

  async function dialNow(
    req: NotifyRequest,
    dial: () => Promise<{ sid: string }>,
    placedStatus: 'initiated' | 'sent',
    outcome: 'placed' | 'redialled',
    note?: string,
  ): Promise<NotifyResult> {
    try {
      deps.faults?.('after-claim');
      const placed = await heartbeating(dial());
      deps.faults?.('after-dial');
      await deps.attempts.markPlaced(req.key, placed.sid, placedStatus);
      return { key: req.key, status: placedStatus, providerId: placed.sid, reused: false, outcome, ...(note ? { note } : {}) };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (err instanceof PageCalledOff) {
        await deps.attempts.markFailed(req.key, message, false);
        throw ApplicationFailure.nonRetryable(message, CALLED_OFF);
      }
      const permanent = isPermanentTelephonyError(err);
      // Transient: refused (5xx, 429) or no answer in time. The retry reconciles first: Twilio may have dialled.
      await deps.attempts.markFailed(req.key, message, !permanent);
      if (permanent) throw ApplicationFailure.nonRetryable(message, PERMANENT_NOTIFY_FAILURE);
      throw err;
    }
  }

  /** Waits while another run may still be dialling this key; returns the record once it is ours or settled. */
  async function holdOrSettle(req: NotifyRequest, first: NotificationAttemptDoc): Promise<NotificationAttemptDoc | 'ours'> {
    let e: NotificationAttemptDoc | null = first;
    for (;;) {
      if (!e) throw new Error(`attempt ${req.key} vanished while being reconciled`);
      if (e.status !== 'pending' || e.providerId) return e;
      const heldAt = e.heldAt ?? e.claimedAt ?? e.createdAt;
      const leaseLeft = heldAt.getTime() + timing.leaseMs - now().getTime();
      if (leaseLeft > 0) await pause(Math.min(leaseLeft, timing.pollMs));
      else if (await deps.attempts.takeOver(req.key, e.heldAt ?? null, now())) return 'ours';
      e = await deps.attempts.findByKey(req.key);
    }
  }

  async function deliver(
    req: NotifyRequest,
    dial: () => Promise<{ sid: string }>,
    placedStatus: 'initiated' | 'sent',
  ): Promise<NotifyResult> {
    if (!req.person.phone) {
      throw ApplicationFailure.nonRetryable(`${req.person.name} has no phone number`, PERMANENT_NOTIFY_FAILURE);
    }
    const claim = await deps.attempts.claim(
      {
        key: req.key,
        alertId: req.alertId,
        round: req.round,
        level: String(req.level),
        attempt: req.attempt,
        userId: req.person.id,
        channel: req.channel,
        recipient: req.person.phone,
        ...personOf(req),
      },
      now(),
    );
    let since: Date | undefined;
    if (claim.claimed) {
      if (!claim.since) return dialNow(req, dial, placedStatus, 'placed');
      since = claim.since; // an earlier try failed transiently: it may still have reached the provider
    } else {
      const e = await holdOrSettle(req, claim.existing);
      if (e !== 'ours') {
        if (e.status === 'failed') throw ApplicationFailure.nonRetryable(e.error ?? 'failed earlier', PERMANENT_NOTIFY_FAILURE);
        if (e.status === 'retryable') return deliver(req, dial, placedStatus); // the holder failed transiently: claim it
        return { key: req.key, status: e.status, providerId: e.providerId, reused: true, outcome: 'recorded' };
      }
      since = claim.existing.claimedAt ?? claim.existing.createdAt;
    }
    const kind = req.channel === 'phone_call' ? 'call' : 'sms';
    const found = await reconcileWithProvider(deps, { kind, to: req.person.phone, claimedAt: since }, timing.reconcileTimeoutMs);
    if (found.kind === 'found') {
      await deps.attempts.markPlaced(req.key, found.sid, placedStatus);
      return { key: req.key, status: placedStatus, providerId: found.sid, reused: true, outcome: 'reconciled' };
    }
    const note = found.kind === 'unknown' ? `the provider could not say whether the earlier try went out (${found.reason})` : undefined;
    return dialNow(req, dial, placedStatus, 'redialled', note);
  }

  /** Escalation pages (not the owner's notice) go through the person's bundle when a bundle store is wired. */
  const bundled = (req: NotifyRequest) => !!deps.bundles && !!req.page && req.level !== 'owner' && !!req.person.phone;
  const bundleCtx = () => ({ ...deps, bundles: deps.bundles as BundleDeps, timing, now });
  const optOut = async (req: NotifyRequest) => {
    // A person who replied STOP gets no texts; the failure names why on the alert's timeline.
    if (await deps.sms?.isOptedOut(req.person.phone)) {
      throw new TelephonyError('permanent', `${req.person.name} opted out of SMS pages (replied STOP); SMS skipped`, { code: UNSUBSCRIBED });
    }
  };

  return {
    async placeCall(req: NotifyRequest): Promise<NotifyResult> {
      if (bundled(req)) {
        return deliverBundled(
          bundleCtx(),
          req,
          (b, signal) => {
            const hook = (path: string) => `${webhook(path, req.key)}&bundle=${encodeURIComponent(b._id)}`;
            return deps.telephony.placeCall({
              to: req.person.phone,
              url: hook('/twilio/voice/page'),
              statusCallback: hook('/twilio/voice/status'),
              machineDetection: 'Enable',
              stillWanted: () => stillOpen(b.members.map((m) => m.alertId)),
              ...bundlePriority(b),
              ...(signal ? { signal } : {}),
            });
          },
          'initiated',
        );
      }
      return deliver(
        req,
        () =>
          deps.telephony.placeCall({
            to: req.person.phone,
            url: webhook('/twilio/voice/page', req.key),
            statusCallback: webhook('/twilio/voice/status', req.key),
            machineDetection: 'Enable',
            ...signalled(),
            stillWanted: () => stillOpen([req.alertId]),
          }),
        'initiated',
      );
    },

    async sendSms(req: NotifyRequest): Promise<NotifyResult> {
      if (bundled(req)) {
        return deliverBundled(
          bundleCtx(),
          req,
          async (b, signal) => {
            await optOut(req);
            const sms = deps.sms;
            const body = await bundleSms(
              b,
              (alertId, text) => (sms ? sms.personalise({ alertId, person: req.person, text }) : Promise.resolve(text)),
              (alertId) => sms?.codeFor?.(req.person.id, alertId) ?? Promise.resolve(0),
            );
            const statusCallback = `${webhook('/twilio/sms/status', req.key)}&bundle=${encodeURIComponent(b._id)}&n=${b.members.length}`;
            const stillWanted = () => stillOpen(b.members.map((m) => m.alertId));
            return deps.telephony.sendSms({ to: req.person.phone, body, statusCallback, stillWanted, ...bundlePriority(b), ...(signal ? { signal } : {}) });
          },
          'sent',
        );
      }
      return deliver(
        req,
        async () => {
          await optOut(req);
          const body = deps.sms ? await deps.sms.personalise(req) : req.text;
          return deps.telephony.sendSms({ to: req.person.phone, body, statusCallback: webhook('/twilio/sms/status', req.key), ...signalled(), stillWanted: () => stillOpen([req.alertId]) });
        },
        'sent',
      );
    },

    /** A page handed back to sleep in its workflow ('waiting') whose alert was handled meanwhile leaves its bundle. */
    async leaveBundle(bundleId: string, key: string): Promise<void> {
      await deps.bundles?.repo.leave(bundleId, key);
    },
  };
}

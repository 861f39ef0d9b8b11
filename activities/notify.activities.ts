import { ApplicationFailure } from '@temporalio/common';
import type { NotificationAttemptRepository } from '../src/db/notification-attempt.repository';
import { isPermanentTelephonyError, TelephonyError, type TelephonyProvider } from '../src/telephony/telephony';
import type { NotifyRequest, NotifyResult } from './activity.types';

export interface NotifyDeps {
  telephony: TelephonyProvider;
  attempts: NotificationAttemptRepository;
  /** PUBLIC_URL without a trailing slash: Twilio calls our webhooks there. */
  publicUrl: string;
  /** STOP opt-outs and per-recipient reply codes (src/db/sms-paging.ts); absent, texts go out as given. */
  sms?: {
    isOptedOut(phone: string): Promise<boolean>;
    personalise(req: { alertId: string; person: { id: string }; text: string }): Promise<string>;
  };
}

/** Twilio's own code for "recipient unsubscribed", so an opt-out reads the same wherever it was caught. */
const UNSUBSCRIBED = 21610;

/** Failure types the workflow tells apart. */
export const PERMANENT_NOTIFY_FAILURE = 'PermanentNotifyFailure';

/**
 * Calls and texts, one per deterministic key. The attempt is recorded before dialling; a retry (or a
 * worker that died mid-dial and was restarted) finds the record and returns it instead of dialling.
 */
export function createNotifyActivities(deps: NotifyDeps) {
  const webhook = (path: string, key: string) => `${deps.publicUrl}${path}?attempt=${encodeURIComponent(key)}`;

  async function deliver(
    req: NotifyRequest,
    dial: () => Promise<{ sid: string }>,
    placedStatus: 'initiated' | 'sent',
  ): Promise<NotifyResult> {
    if (!req.person.phone) {
      throw ApplicationFailure.nonRetryable(`${req.person.name} has no phone number`, PERMANENT_NOTIFY_FAILURE);
    }
    const claim = await deps.attempts.claim({
      key: req.key,
      alertId: req.alertId,
      round: req.round,
      level: String(req.level),
      attempt: req.attempt,
      userId: req.person.id,
      channel: req.channel,
      recipient: req.person.phone,
    });
    if (!claim.claimed) {
      const e = claim.existing;
      if (e.status === 'failed') {
        throw ApplicationFailure.nonRetryable(e.error ?? 'failed earlier', PERMANENT_NOTIFY_FAILURE);
      }
      return { key: req.key, status: e.status, providerId: e.providerId, reused: true };
    }
    try {
      const placed = await dial();
      await deps.attempts.markPlaced(req.key, placed.sid, placedStatus);
      return { key: req.key, status: placedStatus, providerId: placed.sid, reused: false };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const permanent = isPermanentTelephonyError(err);
      // Transient means the provider refused before dialling (5xx, 429, no answer from it): a retry may dial.
      await deps.attempts.markFailed(req.key, message, !permanent);
      if (permanent) throw ApplicationFailure.nonRetryable(message, PERMANENT_NOTIFY_FAILURE);
      throw err;
    }
  }

  return {
    async placeCall(req: NotifyRequest): Promise<NotifyResult> {
      return deliver(
        req,
        () =>
          deps.telephony.placeCall({
            to: req.person.phone,
            url: webhook('/twilio/voice/page', req.key),
            statusCallback: webhook('/twilio/voice/status', req.key),
            machineDetection: 'Enable',
          }),
        'initiated',
      );
    },

    async sendSms(req: NotifyRequest): Promise<NotifyResult> {
      return deliver(
        req,
        async () => {
          // A person who replied STOP gets no texts; the failure names why on the alert's timeline.
          if (await deps.sms?.isOptedOut(req.person.phone)) {
            throw new TelephonyError('permanent', `${req.person.name} opted out of SMS pages (replied STOP); SMS skipped`, { code: UNSUBSCRIBED });
          }
          const body = deps.sms ? await deps.sms.personalise(req) : req.text;
          return deps.telephony.sendSms({ to: req.person.phone, body, statusCallback: webhook('/twilio/sms/status', req.key) });
        },
        'sent',
      );
    },
  };
}

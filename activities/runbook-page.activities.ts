import { ApplicationFailure } from '@temporalio/common';
import type { ChannelProviders } from '../src/channels/channels';
import type { NotificationAttemptRepository } from '../src/db/notification-attempt.repository';
import { PERMANENT_NOTIFY_FAILURE } from './notify.activities';

/** A NightDesk rule's email page: to the address the rule names, which need not belong to a user. */
export interface RunbookEmailRequest {
  key: string;
  alertId: string;
  to: string;
  subject: string;
  text: string;
}

export interface RunbookEmailResult {
  /** 'sent' now, or the recorded status (pending, sent) when the key was already claimed. */
  status: string;
  providerId: string | null;
  reused: boolean;
  reason?: string;
}

/**
 * Sends a rule's email once per key: the attempt is recorded before sending, and a retry that finds it
 * sent does not send again (the same contract as every other page).
 */
export function createRunbookPageActivities(deps: { providers?: ChannelProviders; attempts: NotificationAttemptRepository }) {
  return {
    async sendRunbookEmail(req: RunbookEmailRequest): Promise<RunbookEmailResult> {
      const email = deps.providers?.email;
      if (!email) return { status: 'skipped', providerId: null, reused: false, reason: 'no email provider configured' };
      const claim = await deps.attempts.claim({
        key: req.key,
        alertId: req.alertId,
        round: 0,
        level: 'runbook',
        attempt: 0,
        userId: req.to,
        channel: 'email',
        recipient: req.to,
      });
      if (!claim.claimed) {
        const e = claim.existing;
        if (e.status === 'failed') throw ApplicationFailure.nonRetryable(e.error ?? 'failed earlier', PERMANENT_NOTIFY_FAILURE);
        return { status: e.status, providerId: e.providerId, reused: true };
      }
      try {
        const { providerId } = await email.send({ to: req.to, subject: req.subject, text: req.text });
        await deps.attempts.markPlaced(req.key, providerId, 'sent');
        return { status: 'sent', providerId, reused: false };
      } catch (err) {
        await deps.attempts.markFailed(req.key, err instanceof Error ? err.message : String(err), true);
        throw err;
      }
    },
  };
}

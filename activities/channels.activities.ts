import { ApplicationFailure } from '@temporalio/common';
import type { Connection } from 'mongoose';
import { signActionLink, type LinkAction } from '../src/channels/action-links';
import { isPermanentChannelError, type ChannelProviders } from '../src/channels/channels';
import { alertCardBlocks, alertCardText } from '../src/channels/slack-blocks';
import { alertModel } from '../src/db/alert.model';
import { slackAlertMessageModel } from '../src/db/channels/channel-state.model';
import type { NotificationAttemptRepository } from '../src/db/notification-attempt.repository';
import { userModel } from '../src/db/user.model';
import type { NotifyRequest, NotifyResult } from './activity.types';
import { PERMANENT_NOTIFY_FAILURE } from './notify.activities';

export interface ChannelActivityDeps {
  providers: ChannelProviders;
  conn: Connection;
  attempts: NotificationAttemptRepository;
  /** PUBLIC_URL without a trailing slash: where one-click links point. */
  publicUrl: string;
  linkSecret: string;
  linkTtlMs: number;
}

const NO_PROVIDER = 'no provider configured';

/**
 * Page emails and Slack direct messages, under the same deterministic attempt keys as calls and texts:
 * the attempt is recorded before sending, and a retry that finds it sent does not send again.
 */
export function createChannelActivities(deps: ChannelActivityDeps) {
  const skipped = (req: NotifyRequest): NotifyResult => ({ key: req.key, status: 'skipped', providerId: null, reused: false, reason: NO_PROVIDER });

  async function deliver(req: NotifyRequest, recipient: string, send: () => Promise<string>): Promise<NotifyResult> {
    const claim = await deps.attempts.claim({
      key: req.key,
      alertId: req.alertId,
      round: req.round,
      level: String(req.level),
      attempt: req.attempt,
      userId: req.person.id,
      channel: req.channel,
      recipient,
    });
    if (!claim.claimed) {
      const e = claim.existing;
      if (e.status === 'failed') throw ApplicationFailure.nonRetryable(e.error ?? 'failed earlier', PERMANENT_NOTIFY_FAILURE);
      return { key: req.key, status: e.status, providerId: e.providerId, reused: true };
    }
    try {
      const providerId = await send();
      await deps.attempts.markPlaced(req.key, providerId, 'sent');
      return { key: req.key, status: 'sent', providerId, reused: false };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const permanent = isPermanentChannelError(err) || err instanceof ApplicationFailure;
      await deps.attempts.markFailed(req.key, message, !permanent);
      if (permanent) throw ApplicationFailure.nonRetryable(message, PERMANENT_NOTIFY_FAILURE);
      throw err;
    }
  }

  async function contact(req: NotifyRequest) {
    const [user, alert] = await Promise.all([
      userModel(deps.conn).findById(req.person.id).lean(),
      alertModel(deps.conn).findById(req.alertId).lean(),
    ]);
    if (!user) throw ApplicationFailure.nonRetryable(`unknown user ${req.person.id}`, PERMANENT_NOTIFY_FAILURE);
    return { email: user.email, alert };
  }

  const link = (req: NotifyRequest, action: LinkAction, now: number) =>
    `${deps.publicUrl}/channels/email/actions/${signActionLink(deps.linkSecret, { alertId: req.alertId, action, userId: req.person.id, exp: now + deps.linkTtlMs })}`;

  return {
    async sendEmailPage(req: NotifyRequest): Promise<NotifyResult> {
      const email = deps.providers.email;
      if (!email) return skipped(req);
      const { email: to, alert } = await contact(req);
      return deliver(req, to, async () => {
        const now = Date.now();
        const ack = link(req, 'acknowledge', now);
        const resolve = link(req, 'resolve', now);
        const info = req.alert ?? alert;
        const subject = `[Nightline] ${(info?.severity ?? 'alert').toUpperCase()}: ${info?.title ?? req.text}`;
        const text = [req.text, '', info?.description ?? '', '', `Acknowledge: ${ack}`, `Resolve: ${resolve}`, '', 'Each link works once, without logging in.'].join('\n');
        const html = `<p>${escapeHtml(req.text)}</p>${info?.description ? `<p>${escapeHtml(info.description)}</p>` : ''}<p><a href="${ack}">Acknowledge</a> · <a href="${resolve}">Resolve</a></p><p><small>Each link works once, without logging in.</small></p>`;
        return (await email.send({ to, subject, text, html })).providerId;
      });
    },

    async sendSlackPage(req: NotifyRequest): Promise<NotifyResult> {
      const slack = deps.providers.slack;
      if (!slack) return skipped(req);
      const { email, alert } = await contact(req);
      const user = await slack.lookupUserByEmail(email);
      if (!user) return { ...skipped(req), reason: `no Slack user with the email ${email}` };
      return deliver(req, user.id, async () => {
        const info = req.alert ?? alert;
        const card = { alertId: req.alertId, title: info?.title ?? req.text, severity: info?.severity ?? 'alert', status: alert?.status ?? 'triggered', level: alert?.currentLevel ?? 0 };
        const posted = await slack.post({ channel: user.id, text: alertCardText(card), blocks: alertCardBlocks(card) });
        await slackAlertMessageModel(deps.conn).updateOne(
          { channel: posted.channel, ts: posted.ts },
          { $setOnInsert: { alertId: req.alertId, channel: posted.channel, ts: posted.ts, kind: 'dm' } },
          { upsert: true },
        );
        return `${posted.channel}:${posted.ts}`;
      });
    },
  };
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

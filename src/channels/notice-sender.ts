import type { ChannelProviders } from './channels';

/** A short message to one person (handoff notices, reminders, debriefs), on the channels given. */
export interface PersonNotice {
  person: { name: string; email: string };
  channels: ReadonlyArray<'email' | 'slack'>;
  subject: string;
  text: string;
  html?: string;
}

export type NoticeOutcome =
  | { channel: 'email' | 'slack'; status: 'sent'; providerId: string }
  | { channel: 'email' | 'slack'; status: 'skipped'; reason: string };

/**
 * Sends one notice by email and/or Slack DM (the Slack user is found by email). A channel without a
 * provider, or a person Slack does not know, is reported as skipped; provider failures throw
 * ChannelError, so a Temporal activity calling this retries transient ones.
 */
export async function sendPersonNotice(providers: ChannelProviders, notice: PersonNotice): Promise<NoticeOutcome[]> {
  const out: NoticeOutcome[] = [];
  for (const channel of notice.channels) {
    if (channel === 'email') {
      if (!providers.email) out.push({ channel, status: 'skipped', reason: 'no provider configured' });
      else {
        const r = await providers.email.send({ to: notice.person.email, subject: notice.subject, text: notice.text, html: notice.html });
        out.push({ channel, status: 'sent', providerId: r.providerId });
      }
      continue;
    }
    if (!providers.slack) {
      out.push({ channel, status: 'skipped', reason: 'no provider configured' });
      continue;
    }
    const user = await providers.slack.lookupUserByEmail(notice.person.email);
    if (!user) {
      out.push({ channel, status: 'skipped', reason: `no Slack user with ${notice.person.email}` });
      continue;
    }
    const posted = await providers.slack.post({ channel: user.id, text: `*${notice.subject}*\n${notice.text}` });
    out.push({ channel, status: 'sent', providerId: `${posted.channel}:${posted.ts}` });
  }
  return out;
}

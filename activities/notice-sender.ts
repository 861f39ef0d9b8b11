import type { ChannelProviders } from '../src/channels/channels';
import { sendPersonNotice } from '../src/channels/notice-sender';
import type { NoticeChannel } from '../src/domain/notice-prefs';
import type { NoticeRecipient } from '../src/db/notice-store';
import type { TelephonyProvider } from '../src/telephony/telephony';

/**
 * Delivers one notice text on one channel. The notice workflow decides what goes out and when; a sender
 * only delivers.
 */
export interface NoticeSender {
  /** null: this channel has no provider here, or the person has no address on it. */
  send(channel: NoticeChannel, to: NoticeRecipient, text: string, subject: string): Promise<{ providerId: string } | null>;
}

/** SMS through the telephony provider; email and Slack DM through the channel providers, when configured. */
export function channelNoticeSender(telephony: TelephonyProvider, providers?: ChannelProviders): NoticeSender {
  return {
    async send(channel, to, text, subject) {
      if (channel === 'sms') {
        if (!to.phone) return null;
        const sent = await telephony.sendSms({ to: to.phone, body: text });
        return { providerId: sent.sid };
      }
      if (!providers || !to.email) return null;
      const [outcome] = await sendPersonNotice(providers, { person: { name: to.name, email: to.email }, channels: [channel], subject, text });
      return outcome?.status === 'sent' ? { providerId: outcome.providerId } : null;
    },
  };
}

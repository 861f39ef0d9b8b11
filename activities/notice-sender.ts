import type { NoticeChannel } from '../src/domain/notice-prefs';
import type { NoticeRecipient } from '../src/db/notice-store';
import type { TelephonyProvider } from '../src/telephony/telephony';

/**
 * Delivers one notice text on one channel. The notice workflow decides what goes out and when; a sender
 * only delivers. Until the email and Slack providers land, only SMS (the existing telephony) is wired.
 */
export interface NoticeSender {
  /** null: this channel has no provider here, or the person has no address on it. */
  send(channel: NoticeChannel, to: NoticeRecipient, text: string): Promise<{ providerId: string } | null>;
}

/** SMS through the telephony provider; other channels report no provider. */
export function smsNoticeSender(telephony: TelephonyProvider): NoticeSender {
  return {
    async send(channel, to, text) {
      if (channel !== 'sms' || !to.phone) return null;
      const sent = await telephony.sendSms({ to: to.phone, body: text });
      return { providerId: sent.sid };
    },
  };
}

import type { Config } from '../config';
import type { ChannelProviders } from './channels';
import { HttpWebhookSender } from './http-webhook.sender';
import { SlackWebProvider } from './slack-web.provider';
import { SmtpEmailProvider } from './smtp-email.provider';

/** The providers the configuration enables: email with SMTP_URL, Slack with a bot token; webhooks always. */
export function createChannelProviders(config: Config): ChannelProviders {
  return {
    email: config.SMTP_URL ? new SmtpEmailProvider({ url: config.SMTP_URL, from: config.EMAIL_FROM }) : undefined,
    slack: config.SLACK_BOT_TOKEN ? new SlackWebProvider({ token: config.SLACK_BOT_TOKEN, apiUrl: config.SLACK_API_URL }) : undefined,
    webhook: new HttpWebhookSender(),
  };
}

/**
 * The channel port beside telephony (src/telephony/telephony.ts): email, Slack and outgoing webhooks.
 * Each provider only delivers and reports what happened; what goes out, and when, is decided elsewhere
 * (the escalation workflow, the notices). Real implementations: smtp-email.provider.ts (nodemailer),
 * slack-web.provider.ts (@slack/web-api), http-webhook.sender.ts (fetch). Loopback stand-ins for dev and
 * tests: Mailpit (a real SMTP server), the Slack stand-in (src/channels/slack-standin/), and any local
 * HTTP receiver for webhooks.
 */

export type ChannelKind = 'email' | 'slack' | 'webhook';

export interface EmailMessage {
  /** One address. */
  to: string;
  subject: string;
  text: string;
  html?: string;
}

/** A Block Kit block, passed through to Slack as is. */
export type SlackBlock = Record<string, unknown>;

export interface SlackMessage {
  /** A channel ID or name, or a Slack user ID (the app's direct message with them). */
  channel: string;
  /** Fallback text for notifications and clients without blocks. */
  text: string;
  blocks?: SlackBlock[];
}

export interface SlackPosted {
  /** The channel Slack actually posted to (a DM's is a `D...` ID even when a user ID was given). */
  channel: string;
  /** The message's timestamp: its ID for chat.update. */
  ts: string;
}

export interface SlackUser {
  id: string;
  email: string;
}

export interface WebhookRequest {
  url: string;
  /** The exact bytes that were signed. */
  body: string;
  headers: Record<string, string>;
}

export interface EmailProvider {
  send(msg: EmailMessage): Promise<{ providerId: string }>;
}

export interface SlackProvider {
  post(msg: SlackMessage): Promise<SlackPosted>;
  update(msg: SlackMessage & { ts: string }): Promise<SlackPosted>;
  /** null when no Slack user has this email address. */
  lookupUserByEmail(email: string): Promise<SlackUser | null>;
  /** A Slack user's email (users.info), to map a button press to a Nightline user; null when unknown. */
  userEmail(userId: string): Promise<string | null>;
}

export interface WebhookSender {
  /** Resolves with the receiver's status whatever it is; throws only when no answer came. */
  post(req: WebhookRequest): Promise<{ status: number }>;
}

/** The providers configured in this process; an absent one means "no provider configured". */
export interface ChannelProviders {
  email?: EmailProvider;
  slack?: SlackProvider;
  webhook: WebhookSender;
}

export type ChannelErrorKind = 'permanent' | 'transient';

/** A provider's failure, classified so activities can turn permanent ones into non-retryable failures. */
export class ChannelError extends Error {
  constructor(
    readonly channel: ChannelKind,
    readonly kind: ChannelErrorKind,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
    this.name = 'ChannelError';
  }

  get retryable(): boolean {
    return this.kind === 'transient';
  }
}

export function isPermanentChannelError(err: unknown): err is ChannelError {
  return err instanceof ChannelError && err.kind === 'permanent';
}

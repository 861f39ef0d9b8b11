import { ErrorCode, LogLevel, WebClient } from '@slack/web-api';
import { ChannelError, type SlackMessage, type SlackPosted, type SlackProvider, type SlackUser } from './channels';

export interface SlackWebOptions {
  /** Bot token (xoxb-...); never logged. */
  token: string;
  /** https://slack.com/api/ in production; the loopback stand-in's /api/ in dev and tests. */
  apiUrl: string;
  timeoutMs?: number;
}

/** Errors Slack answers that no retry can fix (a wrong channel, a revoked token, a malformed message). */
const PERMANENT = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'invalid_blocks',
  'msg_too_long',
  'message_not_found',
  'cant_update_message',
  'missing_scope',
]);

function toChannelError(err: unknown, what: string): ChannelError {
  const e = err as { code?: string; data?: { error?: string }; message?: string };
  const reason = e.code === ErrorCode.PlatformError ? (e.data?.error ?? 'unknown_error') : (e.message ?? String(err));
  const permanent = e.code === ErrorCode.PlatformError && PERMANENT.has(reason);
  return new ChannelError('slack', permanent ? 'permanent' : 'transient', `${what} failed: ${reason}`, { cause: err });
}

/** Slack through the official Web API client. Retries are Temporal's job, so the client's own are off. */
export class SlackWebProvider implements SlackProvider {
  private readonly client: WebClient;

  constructor(opts: SlackWebOptions) {
    const apiUrl = opts.apiUrl.endsWith('/') ? opts.apiUrl : `${opts.apiUrl}/`;
    this.client = new WebClient(opts.token, {
      slackApiUrl: apiUrl,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      timeout: opts.timeoutMs ?? 8_000,
      logLevel: LogLevel.ERROR,
    });
  }

  async post(msg: SlackMessage): Promise<SlackPosted> {
    try {
      const r = await this.client.chat.postMessage({ channel: msg.channel, text: msg.text, blocks: msg.blocks as never });
      return { channel: String(r.channel), ts: String(r.ts) };
    } catch (err) {
      throw toChannelError(err, `chat.postMessage to ${msg.channel}`);
    }
  }

  async update(msg: SlackMessage & { ts: string }): Promise<SlackPosted> {
    try {
      const r = await this.client.chat.update({ channel: msg.channel, ts: msg.ts, text: msg.text, blocks: msg.blocks as never });
      return { channel: String(r.channel), ts: String(r.ts) };
    } catch (err) {
      throw toChannelError(err, `chat.update of ${msg.ts}`);
    }
  }

  async lookupUserByEmail(email: string): Promise<SlackUser | null> {
    try {
      const r = await this.client.users.lookupByEmail({ email });
      return r.user?.id ? { id: r.user.id, email: r.user.profile?.email ?? email } : null;
    } catch (err) {
      const e = err as { code?: string; data?: { error?: string } };
      if (e.code === ErrorCode.PlatformError && e.data?.error === 'users_not_found') return null;
      throw toChannelError(err, 'users.lookupByEmail');
    }
  }

  async userEmail(userId: string): Promise<string | null> {
    try {
      const r = await this.client.users.info({ user: userId });
      return r.user?.profile?.email ?? null;
    } catch (err) {
      const e = err as { code?: string; data?: { error?: string } };
      if (e.code === ErrorCode.PlatformError && e.data?.error === 'user_not_found') return null;
      throw toChannelError(err, 'users.info');
    }
  }
}

import type { Server } from 'node:http';
import express, { type Request } from 'express';
import { slackSignature } from '../signatures';

/**
 * A loopback stand-in for Slack, as the Twilio simulator stands in for Twilio: @slack/web-api is pointed
 * at `${apiUrl}` (slackApiUrl) and this records every post and update. Its buttons and slash commands reach
 * Nightline the way Slack's do: form-encoded and signed with the signing secret.
 */

export interface StandInUser {
  id: string;
  email: string;
  name: string;
}

export interface StandInMessage {
  channel: string;
  ts: string;
  text: string;
  blocks: Record<string, unknown>[];
  /** Earlier versions, oldest first (each chat.update pushes the previous one). */
  history: { text: string; blocks: Record<string, unknown>[] }[];
}

export interface SlackStandInOptions {
  botToken: string;
  signingSecret: string;
  /** Where Nightline receives interactions and slash commands (PUBLIC_URL + /slack/...). */
  interactionsUrl?: string;
  commandsUrl?: string;
  port?: number;
}

export interface SignedPost {
  status: number;
  body: string;
}

export type SlackStandIn = Awaited<ReturnType<typeof startSlackStandIn>>;

export async function startSlackStandIn(opts: SlackStandInOptions) {
  const users = new Map<string, StandInUser>();
  const messages: StandInMessage[] = [];
  let seq = 0;
  const nextTs = () => `${Math.floor(Date.now() / 1000)}.${String(++seq).padStart(6, '0')}`;
  const dmChannel = (userId: string) => `D${userId.replace(/^U/, '')}`;

  const app = express();
  app.use(express.urlencoded({ extended: false }), express.json());
  const args = (req: Request): Record<string, string> => ({ ...(req.body as Record<string, string>) });
  const parseBlocks = (b: unknown) => (typeof b === 'string' ? (JSON.parse(b) as Record<string, unknown>[]) : ((b as Record<string, unknown>[]) ?? []));

  app.post('/api/:method', (req, res) => {
    if (req.get('authorization') !== `Bearer ${opts.botToken}`) return void res.json({ ok: false, error: 'invalid_auth' });
    const a = args(req);
    switch (req.params.method) {
      case 'chat.postMessage': {
        if (!a.channel) return void res.json({ ok: false, error: 'channel_not_found' });
        const channel = a.channel.startsWith('U') ? dmChannel(a.channel) : a.channel;
        const m: StandInMessage = { channel, ts: nextTs(), text: a.text ?? '', blocks: parseBlocks(a.blocks), history: [] };
        messages.push(m);
        return void res.json({ ok: true, channel, ts: m.ts, message: { text: m.text, ts: m.ts } });
      }
      case 'chat.update': {
        const m = messages.find((x) => x.channel === a.channel && x.ts === a.ts);
        if (!m) return void res.json({ ok: false, error: 'message_not_found' });
        m.history.push({ text: m.text, blocks: m.blocks });
        m.text = a.text ?? m.text;
        m.blocks = parseBlocks(a.blocks);
        return void res.json({ ok: true, channel: m.channel, ts: m.ts });
      }
      case 'users.lookupByEmail': {
        const u = [...users.values()].find((x) => x.email.toLowerCase() === (a.email ?? '').toLowerCase());
        return void res.json(u ? { ok: true, user: { id: u.id, name: u.name, profile: { email: u.email } } } : { ok: false, error: 'users_not_found' });
      }
      case 'users.info': {
        const u = users.get(a.user ?? '');
        return void res.json(u ? { ok: true, user: { id: u.id, name: u.name, profile: { email: u.email } } } : { ok: false, error: 'user_not_found' });
      }
      default:
        return void res.json({ ok: false, error: 'unknown_method' });
    }
  });

  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(opts.port ?? 0, '127.0.0.1', (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  const port = (server.address() as { port: number }).port;
  const baseUrl = `http://127.0.0.1:${port}`;

  /** POSTs a form body signed the way Slack signs it (a timestamp may be given, to test old or replayed ones). */
  async function signedPost(url: string, body: string, timestamp = String(Math.floor(Date.now() / 1000)), secret = opts.signingSecret): Promise<SignedPost> {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': timestamp,
        'x-slack-signature': slackSignature(secret, timestamp, body),
      },
      body,
    });
    return { status: res.status, body: await res.text() };
  }

  return {
    baseUrl,
    /** For SLACK_API_URL (the Web API client's slackApiUrl). */
    apiUrl: `${baseUrl}/api/`,
    messages,
    addUser(u: StandInUser): StandInUser {
      users.set(u.id, u);
      return u;
    },
    messagesIn: (channel: string) => messages.filter((m) => m.channel === channel),
    dmChannelOf: dmChannel,
    /** The form body Slack sends when `user` presses the button `actionId` on `message`. */
    buttonPressBody(message: StandInMessage, actionId: string, userId: string): string {
      const actions = message.blocks.flatMap((b) => (b.type === 'actions' ? (b.elements as Record<string, unknown>[]) : []));
      const button = actions.find((e) => e.action_id === actionId);
      if (!button) throw new Error(`no button ${actionId} on message ${message.ts} (${message.text})`);
      const payload = {
        type: 'block_actions',
        user: { id: userId },
        channel: { id: message.channel },
        message: { ts: message.ts },
        actions: [{ action_id: actionId, value: button.value, type: 'button', action_ts: nextTs() }],
      };
      return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    },
    /** Presses a button like Slack would; returns Nightline's answer. */
    press(message: StandInMessage, actionId: string, userId: string): Promise<SignedPost> {
      if (!opts.interactionsUrl) throw new Error('interactionsUrl not set');
      return signedPost(opts.interactionsUrl, this.buttonPressBody(message, actionId, userId));
    },
    /** Runs a slash command like Slack would (form fields command, text, user_id). */
    command(command: string, text: string, userId: string): Promise<SignedPost> {
      if (!opts.commandsUrl) throw new Error('commandsUrl not set');
      return signedPost(opts.commandsUrl, new URLSearchParams({ command, text, user_id: userId, team_id: 'T0STANDIN' }).toString());
    },
    signedPost,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

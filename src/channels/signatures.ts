import { createHmac, timingSafeEqual } from 'node:crypto';

/** Slack's request signing: `v0=` + hex HMAC-SHA256(signing secret, `v0:<timestamp>:<raw body>`). */
export function slackSignature(secret: string, timestamp: string, rawBody: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

export const SLACK_WINDOW_SECONDS = 5 * 60;

export type SlackCheck = { ok: true } | { ok: false; reason: string };

/** Verifies a Slack request: a valid signature over a timestamp within five minutes of `now`. */
export function verifySlackRequest(secret: string, headers: { timestamp?: string; signature?: string }, rawBody: string, now: Date): SlackCheck {
  const { timestamp, signature } = headers;
  if (!timestamp || !signature) return { ok: false, reason: 'missing X-Slack-Request-Timestamp or X-Slack-Signature' };
  const ts = Number(timestamp);
  if (!Number.isInteger(ts) || Math.abs(now.getTime() / 1000 - ts) > SLACK_WINDOW_SECONDS) return { ok: false, reason: 'timestamp outside the 5-minute window' };
  if (!safeEqual(signature, slackSignature(secret, timestamp, rawBody))) return { ok: false, reason: 'signature mismatch' };
  return { ok: true };
}

/**
 * Outgoing webhook signature, Stripe-style so a receiver can refuse replays:
 * `X-Nightline-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.
 */
export function webhookSignature(secret: string, unixSeconds: number, body: string): string {
  return `t=${unixSeconds},v1=${createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex')}`;
}

/** For receivers (and tests): whether `header` signs `body` with `secret`. */
export function verifyWebhookSignature(secret: string, header: string, body: string): boolean {
  const t = /(?:^|,)t=(\d+)/.exec(header)?.[1];
  return t !== undefined && safeEqual(header, webhookSignature(secret, Number(t), body));
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

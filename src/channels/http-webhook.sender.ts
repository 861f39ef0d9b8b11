import { ChannelError, type WebhookRequest, type WebhookSender } from './channels';

/** Plain HTTP POST with fetch; the caller decides what a status means (see webhooks.activities.ts). */
export class HttpWebhookSender implements WebhookSender {
  constructor(private readonly timeoutMs = 8_000) {}

  async post(req: WebhookRequest): Promise<{ status: number }> {
    try {
      const res = await fetch(req.url, {
        method: 'POST',
        headers: req.headers,
        body: req.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined); // drain, so the connection is reused
      return { status: res.status };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      throw new ChannelError('webhook', 'transient', `no answer from the receiver: ${message}`, { cause: err });
    }
  }
}

import { signTwilioRequest } from '../signature';
import type { SimRecords } from './records';
import type { Params, WebhookKind, WebhookRecord } from './types';

export interface WebhookRequest {
  kind: WebhookKind;
  url: string;
  method?: 'GET' | 'POST';
  params: Params;
  callSid?: string;
  messageSid?: string;
}

const MAX_BODY_CHARS = 64 * 1024;

/**
 * Sends webhooks the way Twilio does: form-encoded POST (or GET with the parameters in the query),
 * signed with X-Twilio-Signature over the exact URL and sorted parameters. Every attempt is recorded.
 */
export class WebhookSender {
  private closed = false;

  constructor(
    private readonly authToken: string,
    private readonly records: SimRecords,
    private readonly timeoutMs: number,
  ) {}

  /** After close() nothing more is sent; send() answers as if the app were unreachable. */
  close(): void {
    this.closed = true;
  }

  async send(req: WebhookRequest): Promise<WebhookRecord> {
    const method = req.method ?? 'POST';
    const url = method === 'GET' ? withQuery(req.url, req.params) : req.url;
    const signature = signTwilioRequest(this.authToken, url, method === 'GET' ? {} : req.params);
    const rec: WebhookRecord = {
      at: Date.now(),
      kind: req.kind,
      method,
      url,
      params: req.params,
      signature,
      responseStatus: null,
      responseBody: '',
      ...(req.callSid ? { callSid: req.callSid } : {}),
      ...(req.messageSid ? { messageSid: req.messageSid } : {}),
    };
    if (this.closed) {
      rec.error = 'simulator stopped';
      return rec;
    }
    try {
      const res = await fetch(url, {
        method,
        headers: {
          'X-Twilio-Signature': signature,
          'User-Agent': 'TwilioProxy/1.1',
          Accept: '*/*',
          ...(method === 'POST'
            ? { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' }
            : {}),
        },
        body: method === 'POST' ? new URLSearchParams(req.params).toString() : undefined,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      rec.responseStatus = res.status;
      rec.responseBody = (await res.text()).slice(0, MAX_BODY_CHARS);
    } catch (err) {
      rec.error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    }
    this.records.webhooks.push(rec);
    this.records.changed();
    return rec;
  }
}

function withQuery(url: string, params: Params): string {
  const u = new URL(url);
  for (const [k, v] of Object.entries(params)) u.searchParams.append(k, v);
  return u.toString();
}

export const succeeded = (w: WebhookRecord): boolean =>
  w.responseStatus !== null && w.responseStatus >= 200 && w.responseStatus < 300;

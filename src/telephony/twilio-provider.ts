import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import { TWILIO_REQUEST_TIMEOUT_MS } from '../domain/delivery-timing';
import {
  classifyTwilioFailure,
  TelephonyError,
  type PlaceCallRequest,
  type FindRecentRequest,
  type PlacedResource,
  type RecentResource,
  type SendSmsRequest,
  type TelephonyProvider,
} from './telephony';

export interface TwilioProviderOptions {
  accountSid: string;
  authToken: string;
  /** Caller ID for calls and sender for SMS (E.164). */
  fromNumber: string;
  /** Where every REST request goes; https://api.twilio.com in production, the simulator in tests. */
  apiBaseUrl?: string;
  /** Per-request timeout (default TWILIO_REQUEST_TIMEOUT_MS, which the notify activity's timeouts are built on). */
  timeoutMs?: number;
}

export const DEFAULT_TWILIO_API_BASE_URL = 'https://api.twilio.com';
/** Enough to see every page to one number in a reconcile window; more would mean a paging storm. */
const RECENT_LIMIT = 50;

type RequestOptions<TData> = RequestClient.RequestOptions<TData>;

/**
 * Sends every request to one base URL. The SDK builds absolute URIs on several domains
 * (api.twilio.com, plus region/edge rewrites and next-page URIs), so rewriting at the HTTP client
 * is the one place that catches them all.
 */
export class BaseUrlRequestClient extends twilio.RequestClient {
  private readonly base: URL;

  constructor(apiBaseUrl: string, opts: ConstructorParameters<typeof twilio.RequestClient>[0] = {}) {
    super(opts);
    this.base = new URL(apiBaseUrl);
  }

  override request<TData>(opts: RequestOptions<TData>) {
    return super.request<TData>({ ...opts, uri: rebase(opts.uri, this.base) });
  }
}

/** Moves `uri` onto `base`'s scheme, host and port, keeping its path (under any base path) and query. */
export function rebase(uri: string, base: URL): string {
  const u = new URL(uri);
  const prefix = base.pathname.replace(/\/+$/, '');
  return `${base.protocol}//${base.host}${prefix}${u.pathname}${u.search}`;
}

export class TwilioProvider implements TelephonyProvider {
  private readonly client: twilio.Twilio;

  constructor(private readonly opts: TwilioProviderOptions) {
    const timeout = opts.timeoutMs ?? TWILIO_REQUEST_TIMEOUT_MS;
    const httpClient = new BaseUrlRequestClient(opts.apiBaseUrl ?? DEFAULT_TWILIO_API_BASE_URL, { timeout });
    // env: {} and explicit edge/region keep TWILIO_* variables from changing where requests go.
    this.client = twilio(opts.accountSid, opts.authToken, { httpClient, env: {}, autoRetry: false, timeout });
  }

  async placeCall(req: PlaceCallRequest): Promise<PlacedResource> {
    const call = await this.guard('place call', () =>
      this.client.calls.create({
        to: req.to,
        from: req.from ?? this.opts.fromNumber,
        url: req.url,
        statusCallback: req.statusCallback,
        statusCallbackEvent: req.statusCallbackEvents,
        statusCallbackMethod: 'POST',
        machineDetection: req.machineDetection,
        asyncAmd: req.asyncAmd === undefined ? undefined : String(req.asyncAmd),
        asyncAmdStatusCallback: req.asyncAmdStatusCallback,
        asyncAmdStatusCallbackMethod: req.asyncAmdStatusCallback ? 'POST' : undefined,
        timeout: req.timeoutSeconds,
      }),
    );
    return { sid: call.sid, status: call.status };
  }

  async sendSms(req: SendSmsRequest): Promise<PlacedResource> {
    const msg = await this.guard('send SMS', () =>
      this.client.messages.create({
        to: req.to,
        from: req.from ?? this.opts.fromNumber,
        body: req.body,
        statusCallback: req.statusCallback,
      }),
    );
    return { sid: msg.sid, status: msg.status };
  }

  async hangUp(callSid: string): Promise<PlacedResource> {
    const call = await this.guard('hang up call', () =>
      this.client.calls(callSid).update({ status: 'completed' }),
    );
    return { sid: call.sid, status: call.status };
  }

  async findRecent(req: FindRecentRequest): Promise<RecentResource[]> {
    const since = req.since.getTime();
    const keep = (r: { sid: string; status: string; to: string; dateCreated: Date }) =>
      r.dateCreated.getTime() >= since ? [{ sid: r.sid, status: r.status, to: r.to, createdAt: r.dateCreated }] : [];
    if (req.kind === 'sms') {
      // A queued message has no DateSent yet, so filter on creation here rather than on the server.
      const list = await this.guard('list messages', () => this.client.messages.list({ to: req.to, limit: RECENT_LIMIT, pageSize: RECENT_LIMIT }));
      return list.flatMap(keep);
    }
    // StartTime stays empty for a call nobody picked up yet (queued, ringing) or ever (busy, no answer), so the
    // newest calls to the number are read too (a list is newest first), and both kept by creation time.
    const lists = await this.guard('list calls', () =>
      Promise.all([
        this.client.calls.list({ to: req.to, startTimeAfter: req.since, limit: RECENT_LIMIT }),
        this.client.calls.list({ to: req.to, limit: RECENT_LIMIT, pageSize: RECENT_LIMIT }),
      ]),
    );
    const bySid = new Map(lists.flat().map((c) => [c.sid, c]));
    return [...bySid.values()].flatMap(keep).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  }

  private async guard<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw toTelephonyError(what, err);
    }
  }
}

/** Maps SDK failures (RestException, axios/network errors, SDK argument errors) onto TelephonyError. */
export function toTelephonyError(what: string, err: unknown): TelephonyError {
  if (err instanceof TelephonyError) return err;
  if (err instanceof twilio.RestException) {
    const kind = classifyTwilioFailure({ httpStatus: err.status, code: err.code });
    const code = err.code === undefined ? '' : ` (Twilio ${err.code})`;
    return new TelephonyError(kind, `${what} failed: HTTP ${err.status}${code}: ${err.message}`, {
      code: err.code,
      httpStatus: err.status,
      cause: err,
    });
  }
  const e = err as { code?: unknown; message?: unknown; isAxiosError?: boolean };
  const message = typeof e?.message === 'string' ? e.message : String(err);
  // Anything that never got an HTTP answer (refused, reset, timed out) may succeed later.
  const network = e?.isAxiosError === true || (typeof e?.code === 'string' && /^E[A-Z]+/.test(e.code));
  if (network) return new TelephonyError('transient', `${what} failed: ${message}`, { cause: err });
  // The SDK validates required arguments locally ("Required parameter ... missing"): a programming error.
  return new TelephonyError('permanent', `${what} failed: ${message}`, { cause: err });
}

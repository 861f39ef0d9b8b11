/**
 * The telephony port Nightline depends on. The Twilio implementation lives in twilio-provider.ts;
 * tests and dev mode point it at the loopback simulator (src/telephony/simulator/).
 */

export type CallProgressEvent = 'initiated' | 'ringing' | 'answered' | 'completed';
export type MachineDetection = 'Enable' | 'DetectMessageEnd';

export interface PlaceCallRequest {
  /** E.164 number to ring. */
  to: string;
  /** Absolute URL Twilio fetches TwiML from once the call is answered (POST). */
  url: string;
  statusCallback: string;
  /** Defaults to Twilio's default: only `completed`. */
  statusCallbackEvents?: CallProgressEvent[];
  machineDetection?: MachineDetection;
  asyncAmd?: boolean;
  asyncAmdStatusCallback?: string;
  /** How long to let the phone ring before giving up (Twilio default 60). */
  timeoutSeconds?: number;
  /** Overrides the provider's configured caller ID. */
  from?: string;
  /** Pacing (src/temporal/paced-telephony.ts): lower priority goes first, then the oldest queuedAt (ms). */
  priority?: number;
  queuedAt?: number;
  /** Aborted while still queued behind the rate limit: the request is dropped, never sent. */
  signal?: AbortSignal;
  /** Asked when the request leaves a queue it waited in: false drops it (its alert was handled meanwhile). */
  stillWanted?: () => Promise<boolean>;
}

export interface SendSmsRequest {
  to: string;
  body: string;
  statusCallback?: string;
  from?: string;
  /** Pacing (src/temporal/paced-telephony.ts): lower priority goes first, then the oldest queuedAt (ms). */
  priority?: number;
  queuedAt?: number;
  /** Aborted while still queued behind the rate limit: the request is dropped, never sent. */
  signal?: AbortSignal;
  /** Asked when the request leaves a queue it waited in: false drops it (its alert was handled meanwhile). */
  stillWanted?: () => Promise<boolean>;
}

export interface PlacedResource {
  sid: string;
  status: string;
}

/** A call or message the provider already holds, as its list endpoints return it. */
export interface RecentResource extends PlacedResource {
  to: string;
  createdAt: Date;
}

export interface FindRecentRequest {
  kind: 'call' | 'sms';
  to: string;
  /** Only resources created at or after this instant. */
  since: Date;
}

export interface TelephonyProvider {
  placeCall(req: PlaceCallRequest): Promise<PlacedResource>;
  sendSms(req: SendSmsRequest): Promise<PlacedResource>;
  /**
   * Calls or messages to `to` created since `since` (newest first): how a retry reconciles an attempt
   * whose earlier try may have reached the provider before the worker died.
   */
  findRecent(req: FindRecentRequest): Promise<RecentResource[]>;
  /** Ends a call whatever its state: a ringing call is cancelled, a live one hung up. */
  hangUp(callSid: string): Promise<PlacedResource>;
}

export type TelephonyErrorKind = 'permanent' | 'transient';

/**
 * Twilio error codes that no retry can fix: the number is malformed, unreachable, not a mobile,
 * opted out, or the account lacks permission. Callers turn these into non-retryable failures.
 */
export const PERMANENT_TWILIO_CODES: ReadonlySet<number> = new Set([
  20003, // authentication failed
  20404, // resource not found
  21201, // no 'To' number specified
  21205, // invalid Url
  21210, // 'From' number not verified
  21211, // invalid 'To' number
  21212, // invalid 'From' number
  21214, // 'To' number cannot be reached
  21215, // geo permission not enabled for the destination
  21216, // destination blocked
  21217, // 'To' number is not a valid phone number
  21219, // 'To' number not verified (trial account)
  21220, // call is not in progress
  21401, // invalid phone number
  21408, // region not enabled for SMS
  21601, // 'To' number not SMS-capable
  21602, // message body required
  21603, // 'From' number required
  21604, // 'To' number required
  21606, // 'From' number not SMS-capable
  21608, // unverified number (trial)
  21610, // recipient unsubscribed (STOP)
  21612, // cannot route to this number
  21614, // 'To' is not a mobile number
  21617, // body too long
]);

export class TelephonyError extends Error {
  constructor(
    readonly kind: TelephonyErrorKind,
    message: string,
    readonly details: { code?: number; httpStatus?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: details.cause });
    this.name = 'TelephonyError';
  }

  get code(): number | undefined {
    return this.details.code;
  }

  get httpStatus(): number | undefined {
    return this.details.httpStatus;
  }

  get retryable(): boolean {
    return this.kind === 'transient';
  }
}

export function isPermanentTelephonyError(err: unknown): err is TelephonyError {
  return err instanceof TelephonyError && err.kind === 'permanent';
}

/**
 * Known permanent codes are permanent; otherwise 429, 408 and 5xx are worth retrying,
 * and any other 4xx means the request itself is wrong, so retrying cannot help.
 */
export function classifyTwilioFailure(f: { httpStatus?: number; code?: number }): TelephonyErrorKind {
  if (f.code !== undefined && PERMANENT_TWILIO_CODES.has(f.code)) return 'permanent';
  const s = f.httpStatus;
  if (s === undefined || s === 429 || s === 408 || s >= 500) return 'transient';
  return s >= 400 ? 'permanent' : 'transient';
}

import { TWILIO_REQUEST_TIMEOUT_MS } from '../domain/delivery-timing';
import type { TelephonyProvider } from '../telephony/telephony';

/**
 * Slack added to every second's budget. Requests are released on schedule, but each reaches Twilio after
 * its own few ms of HTTP and event-loop latency; an exact 1000/limit spacing then let two calls land 998 ms
 * apart at 1 call/s (bench:paging). Spreading `perSecond` requests over 1000 + this many ms keeps any
 * perSecond + 1 consecutive requests more than a second apart despite that jitter, at a 2% cost in rate.
 */
export const PACER_MARGIN_MS = 20;

/**
 * A request that has not finished this long after its release no longer holds back the ones behind it
 * (the Twilio client's own timeout; a hung request must not stall every page after it).
 */
export const PACER_MAX_REQUEST_MS = TWILIO_REQUEST_TIMEOUT_MS;

/** A released request: when it was let through, and how to say that its HTTP exchange has ended. */
export interface PacerSlot {
  at: number;
  done(): void;
}

/** Who waits for a slot: lower priority goes first, then the oldest queuedAt, then arrival order. */
export interface PacerTicket {
  priority?: number;
  queuedAt?: number;
  /** Aborted while waiting: the ticket leaves the queue and its promise rejects with the signal's reason. */
  signal?: AbortSignal;
}

interface Waiter {
  priority: number;
  queuedAt: number;
  seq: number;
  grant(slot: PacerSlot): void;
  signal?: AbortSignal;
}

const before = (a: Waiter, b: Waiter) => a.priority - b.priority || a.queuedAt - b.queuedAt || a.seq - b.seq;

/**
 * Lets requests through at most `perSecond` per second, within this process, best ticket first (critical
 * pages before lower severities, then by time). The task queues' server-side limit no longer spaces pages
 * (they wait here, where they can be ordered); this and the shared pacer keep Twilio's limit. Two rules,
 * both counted from real moments rather than from a schedule, so a late timer never squeezes a gap:
 * - consecutive requests are released at least (1000 + PACER_MARGIN_MS) / perSecond ms apart;
 * - request k + n (n = the whole requests a second allows, at least 1) is released only n seconds'
 *   budget after request k *finished*. A request reaches Twilio before its response comes back, so
 *   however slow or uneven the network, no one-second window at Twilio's end holds more than n of them.
 * The next request is chosen when its slot comes, so a critical page that arrives while others wait goes
 * next. Each caller must call `done()` once its request has ended (answered or failed). `now` is injectable.
 */
export function createPacer(perSecond: number, now: () => number = Date.now): (ticket?: PacerTicket) => Promise<PacerSlot> {
  const spacingMs = (1000 + PACER_MARGIN_MS) / perSecond;
  const window = Math.max(1, Math.floor(perSecond));
  const windowMs = (window * 1000) / perSecond + PACER_MARGIN_MS;
  /** When each of the last `window` requests finished (or gave up holding the others back). */
  const finishes: Promise<number>[] = [];
  const waiting: Waiter[] = [];
  let lastRelease = -Infinity;
  let seq = 0;
  let pumping = false;

  const best = (): Waiter | undefined => {
    let pick: Waiter | undefined;
    for (const w of waiting) if (!w.signal?.aborted && (!pick || before(w, pick) < 0)) pick = w;
    return pick;
  };

  async function pump(): Promise<void> {
    if (pumping) return;
    pumping = true;
    try {
      while (best()) {
        let slot = lastRelease + spacingMs;
        const older = finishes.length >= window ? finishes[0] : undefined;
        if (older) slot = Math.max(slot, (await older) + windowMs);
        await until(slot, now);
        const w = best();
        if (!w) break;
        waiting.splice(waiting.indexOf(w), 1);
        if (finishes.length >= window) finishes.shift();
        const at = now();
        lastRelease = at;
        let done: () => void = () => undefined;
        finishes.push(
          new Promise<number>((resolve) => {
            const giveUp = setTimeout(() => resolve(at + PACER_MAX_REQUEST_MS), PACER_MAX_REQUEST_MS);
            giveUp.unref();
            done = () => {
              clearTimeout(giveUp);
              resolve(now());
            };
          }),
        );
        w.grant({ at, done });
      }
    } finally {
      pumping = false;
    }
  }

  return (ticket = {}) =>
    new Promise<PacerSlot>((resolve, reject) => {
      const w: Waiter = { priority: ticket.priority ?? 0, queuedAt: ticket.queuedAt ?? now(), seq: seq++, grant: resolve, ...(ticket.signal ? { signal: ticket.signal } : {}) };
      if (ticket.signal?.aborted) return reject(ticket.signal.reason);
      ticket.signal?.addEventListener(
        'abort',
        () => {
          const i = waiting.indexOf(w);
          if (i < 0) return; // already granted: the request goes ahead
          waiting.splice(i, 1);
          reject(ticket.signal?.reason);
        },
        { once: true },
      );
      waiting.push(w);
      void pump();
    });
}

/** Resolves once `now()` has reached `t` (setTimeout may fire a millisecond early by the wall clock). */
async function until(t: number, now: () => number): Promise<void> {
  for (let n = now(); n < t; n = now()) await new Promise((r) => setTimeout(r, t - n));
}

/** A request that waited in the queue at least this long asks whether it is still wanted before it goes. */
export const RECHECK_AFTER_QUEUE_MS = 300;

/** Dropped at the head of the queue: every alert it was for was handled while it waited. Nothing was sent. */
export class PageCalledOff extends Error {
  constructor() {
    super('not sent: its alert was handled while the page waited for the rate limit');
    this.name = 'PageCalledOff';
  }
}

/** A fleet-wide slot (src/temporal/shared-pacing.ts), taken last, right before the request goes out. */
type SharedSlotSource = (ticket?: PacerTicket) => Promise<{ done(): Promise<void> }>;

const ticket = (req: PacerTicket): PacerTicket => ({
  ...(req.priority === undefined ? {} : { priority: req.priority }),
  ...(req.queuedAt === undefined ? {} : { queuedAt: req.queuedAt }),
  ...(req.signal ? { signal: req.signal } : {}),
});

export function pacedTelephony(
  inner: TelephonyProvider,
  limits: { callsPerSecond: number; smsPerSecond: number },
  shared?: { calls: SharedSlotSource; sms: SharedSlotSource },
): TelephonyProvider {
  const callSlot = createPacer(limits.callsPerSecond);
  const smsSlot = createPacer(limits.smsPerSecond);
  const paced = async <T>(slot: () => Promise<PacerSlot>, fleet: SharedSlotSource | undefined, request: () => Promise<T>, req: PacerTicket & { stillWanted?: () => Promise<boolean> }): Promise<T> => {
    const queuedAt = Date.now();
    const s = await slot();
    // A page that queued a while may have been acknowledged meanwhile (a cancellation reaches an activity
    // only with its next heartbeat): asked only then, so a page that went straight through costs nothing.
    if (req.stillWanted && Date.now() - queuedAt >= RECHECK_AFTER_QUEUE_MS && !(await req.stillWanted().catch(() => true))) {
      s.done();
      throw new PageCalledOff();
    }
    const f = await fleet?.().catch(() => undefined); // the database down must not stop paging: the local pacer still holds
    try {
      return await request();
    } finally {
      s.done();
      await f?.done().catch(() => undefined);
    }
  };
  return {
    placeCall: (req) => paced(() => callSlot(ticket(req)), shared?.calls && (() => shared.calls(ticket(req))), () => inner.placeCall(req), req),
    sendSms: (req) => paced(() => smsSlot(ticket(req)), shared?.sms && (() => shared.sms(ticket(req))), () => inner.sendSms(req), req),
    hangUp: (sid) => inner.hangUp(sid),
    // Reading the provider's lists places nothing: not paced.
    findRecent: (req) => inner.findRecent(req),
  };
}

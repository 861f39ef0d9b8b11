import { API_VERSION, type SimContext } from './context';
import type { CallEventInput, CallStatus, Params, PhoneBehaviour, SimCall } from './types';
import { rfc2822 } from './util';

/** Where the next TwiML document comes from: a URL to request (with extra parameters) or inline XML. */
export interface DocSource {
  url: string | null;
  method: 'GET' | 'POST';
  xml?: string;
  params?: Params;
}

export type Interrupt =
  | { kind: 'hangup-api' }
  | { kind: 'party-hangup' }
  | { kind: 'redirect'; source: DocSource }
  | { kind: 'shutdown' };

export class CallInterrupted extends Error {
  constructor(readonly reason: Interrupt) {
    super(`call interrupted: ${reason.kind}`);
  }
}

const PRIORITY: Record<Interrupt['kind'], number> = {
  redirect: 1,
  'party-hangup': 2,
  'hangup-api': 3,
  shutdown: 4,
};

/**
 * One call in flight: its simulated clock, the party's script, interrupts from the REST API,
 * and the ordered queue of status callbacks (sent in the background, like Twilio's).
 */
export class CallRun {
  /** Simulated seconds since the call was created. */
  elapsed = 0;
  answeredAt: number | null = null;
  gatherCount = 0;
  /** Set when <Reject> declined an inbound call before it was answered. */
  rejected: string | null = null;
  /** True while a <Number url> whisper runs on this leg: its TwiML may not <Dial>. */
  screening = false;
  private seq = 0;
  private pending: Interrupt | null = null;
  private controller = new AbortController();
  private callbacks: Promise<unknown> = Promise.resolve();
  private readonly epoch: number;

  constructor(
    readonly ctx: SimContext,
    readonly call: SimCall,
    /** The other party's script: the callee for outbound calls, the caller for inbound ones. */
    readonly party: PhoneBehaviour,
  ) {
    this.epoch = ctx.epoch();
  }

  /** True once the simulator was reset after this call began: it must stay quiet. */
  get stale(): boolean {
    return this.ctx.epoch() !== this.epoch;
  }

  get answered(): boolean {
    return this.answeredAt !== null;
  }

  talkSeconds(): number {
    return this.answeredAt === null ? 0 : Math.round(this.elapsed - this.answeredAt);
  }

  log(e: CallEventInput): void {
    this.call.events.push({ ...e, at: Date.now(), simTime: this.elapsed } as SimCall['events'][number]);
    this.call.dateUpdated = new Date();
    this.ctx.records.changed();
  }

  setStatus(status: CallStatus): void {
    this.call.status = status;
    this.log({ type: 'status', status });
  }

  /** Picks the call up: in-progress, and the `answered` progress event. */
  answer(): void {
    if (this.answered) return;
    this.answeredAt = this.elapsed;
    this.call.startTime = new Date();
    this.setStatus('in-progress');
    this.progress('answered');
  }

  interrupt(i: Interrupt): void {
    if (this.pending && PRIORITY[this.pending.kind] > PRIORITY[i.kind]) return;
    this.pending = i;
    this.controller.abort();
  }

  /** Throws the pending interrupt, if any. Called after every await. */
  checkpoint(): void {
    if (!this.pending) return;
    const i = this.pending;
    this.pending = null;
    this.controller = new AbortController();
    throw new CallInterrupted(i);
  }

  /** Lets `seconds` of simulated time pass; the party may hang up meanwhile. */
  async wait(seconds: number): Promise<void> {
    let s = Math.max(0, seconds);
    let hangsUp = false;
    if (this.answeredAt !== null && this.party.hangUpAfterSeconds !== undefined) {
      const left = this.answeredAt + this.party.hangUpAfterSeconds - this.elapsed;
      if (left <= s) [s, hangsUp] = [Math.max(0, left), true];
    }
    const t0 = Date.now();
    await this.ctx.clock.sleep(s, this.controller.signal);
    this.elapsed += this.pending ? Math.min(s, this.ctx.clock.toSimSeconds(Date.now() - t0)) : s;
    this.checkpoint();
    if (hangsUp) throw new CallInterrupted({ kind: 'party-hangup' });
  }

  /** Waits real milliseconds, e.g. in the calls-per-second queue; interrupts still apply. */
  async delay(ms: number): Promise<void> {
    await this.ctx.clock.sleepMs(ms, this.controller.signal);
    this.checkpoint();
  }

  /** The parameters Twilio sends with every voice webhook. */
  params(extra: Params = {}): Params {
    const c = this.call;
    return {
      AccountSid: c.accountSid,
      ApiVersion: API_VERSION,
      CallSid: c.sid,
      CallStatus: c.status,
      Called: c.to,
      Caller: c.from,
      Direction: c.direction,
      From: c.from,
      To: c.to,
      ...(c.parentCallSid ? { ParentCallSid: c.parentCallSid } : {}),
      ...(c.answeredBy ? { AnsweredBy: c.answeredBy } : {}),
      ...extra,
    };
  }

  /** Queues a status callback for a progress event; `completed` is always sent, others if subscribed. */
  progress(event: 'initiated' | 'ringing' | 'answered' | 'completed'): void {
    const r = this.call.request;
    if (!r.statusCallback || this.stale) return;
    if (event !== 'completed' && !r.statusCallbackEvents.includes(event)) return;
    const params = this.params({
      CallbackSource: 'call-progress-events',
      SequenceNumber: String(this.seq++),
      Timestamp: rfc2822(new Date()) ?? '',
      ...(event === 'initiated' ? { CallStatus: 'initiated' } : {}),
    });
    if (event === 'completed') {
      const d = this.call.duration ?? 0;
      Object.assign(params, { CallDuration: String(d), Duration: String(Math.ceil(d / 60)) });
    }
    const url = r.statusCallback;
    this.callbacks = this.callbacks.then(() =>
      this.ctx.webhooks.send({
        kind: 'call-status',
        url,
        method: r.statusCallbackMethod,
        params,
        callSid: this.call.sid,
      }),
    );
  }

  /** Marks the call finished once every queued status callback has been answered. */
  async settle(): Promise<void> {
    await this.callbacks;
    this.call.finished = true;
    this.ctx.records.changed();
  }

  /** Ends the call with a final status and sends the `completed` progress event. */
  finish(status: CallStatus): void {
    const c = this.call;
    c.endTime = new Date();
    c.duration = this.answered ? this.talkSeconds() : 0;
    this.setStatus(status);
    this.progress('completed');
  }
}

import { amdSeconds, detectedAs } from './amd';
import { newCallRecord } from './call-record';
import { CallInterrupted, CallRun, type DocSource, type Interrupt } from './call-run';
import { RateGate } from './clock';
import type { SimContext } from './context';
import { runTwiml } from './interpreter';
import {
  TERMINAL_CALL_STATUSES,
  type AnsweredBy,
  type CallOutcome,
  type PhoneBehaviour,
  type SimCall,
} from './types';

export { detectedAs } from './amd';

export type CreateCallInput = Pick<SimCall, 'to' | 'from'> & Partial<SimCall['request']>;

export interface CallUpdate {
  status?: 'completed' | 'canceled';
  url?: string;
  method?: 'GET' | 'POST';
  twiml?: string;
}

/** Runs call lifecycles: outbound API calls, inbound calls, REST updates, shutdown. */
export class CallEngine {
  private readonly active = new Map<string, CallRun>();
  private readonly gate: RateGate;

  constructor(
    private readonly ctx: SimContext,
    callsPerSecond: number,
  ) {
    this.gate = new RateGate(callsPerSecond);
  }

  placeOutbound(input: CreateCallInput): SimCall {
    const { to, from, ...request } = input;
    const call = newCallRecord(this.ctx, { to, from, direction: 'outbound-api', request });
    this.launch(new CallRun(this.ctx, call, this.ctx.phones.takeForCall(to)), (run) => this.outbound(run));
    return call;
  }

  /** A person calls a number Nightline owns; `script` is how the caller behaves. */
  placeInbound(from: string, to: string, script: PhoneBehaviour = {}): SimCall {
    const cfg = this.ctx.phones.numberConfig(to);
    if (!cfg?.voiceUrl) throw new Error(`Twilio simulator: no voiceUrl configured for ${to}`);
    const request = {
      url: cfg.voiceUrl,
      method: cfg.voiceMethod ?? 'POST',
      statusCallback: cfg.statusCallback,
    };
    const call = newCallRecord(this.ctx, { to, from, direction: 'inbound', request });
    const run = new CallRun(this.ctx, call, script);
    run.setStatus('ringing');
    this.launch(run, (r) => this.inbound(r));
    return call;
  }

  /** Applies a REST update; false when the call is no longer live (Twilio error 21220). */
  update(call: SimCall, u: CallUpdate): boolean {
    const run = this.active.get(call.sid);
    if (!run || TERMINAL_CALL_STATUSES.includes(call.status)) return false;
    if (u.status === 'completed' || (u.status === 'canceled' && !run.answered)) {
      run.interrupt({ kind: 'hangup-api' });
    } else if (u.url || u.twiml) {
      const source: DocSource = { url: u.url ?? null, method: u.method ?? 'POST', xml: u.twiml };
      if (run.answered) run.interrupt({ kind: 'redirect', source });
      else Object.assign(call.request, { url: u.url, twiml: u.twiml, method: source.method });
    }
    return true;
  }

  stopAll(): void {
    for (const run of this.active.values()) run.interrupt({ kind: 'shutdown' });
  }

  private launch(run: CallRun, body: (run: CallRun) => Promise<void>): void {
    this.active.set(run.call.sid, run);
    const task = body(run)
      .catch((err) => {
        if (err instanceof CallInterrupted) return this.interrupted(run, err.reason);
        run.log({
          type: 'error',
          message: `simulator fault: ${err instanceof Error ? err.stack : String(err)}`,
        });
        if (!TERMINAL_CALL_STATUSES.includes(run.call.status))
          run.finish(run.answered ? 'completed' : 'failed');
      })
      .then(() => run.settle())
      .finally(() => this.active.delete(run.call.sid));
    this.ctx.track(task);
  }

  private interrupted(run: CallRun, reason: Interrupt): void {
    if (reason.kind === 'hangup-api') run.log({ type: 'hangup', by: 'api' });
    if (reason.kind === 'party-hangup') run.log({ type: 'hangup', by: 'party' });
    if (!TERMINAL_CALL_STATUSES.includes(run.call.status))
      run.finish(run.answered ? 'completed' : 'canceled');
  }

  private async outbound(run: CallRun): Promise<void> {
    const r = run.call.request;
    await run.delay(this.gate.reserve());
    run.progress('initiated');
    const answer: CallOutcome = run.party.answer ?? 'human';
    const ring = run.party.ringSeconds ?? 3;
    if (answer === 'failed') return run.finish('failed');
    if (answer === 'busy') {
      await run.wait(1);
      return run.finish('busy');
    }
    run.setStatus('ringing');
    run.progress('ringing');
    if (answer === 'no-answer' || ring >= r.timeout) {
      await run.wait(r.timeout);
      return run.finish('no-answer');
    }
    await run.wait(ring);
    run.answer();

    let first: DocSource = { url: r.url ?? null, method: r.method, xml: r.twiml };
    const answeredBy = r.machineDetection ? detectedAs(answer, r.machineDetection) : null;
    if (answeredBy && r.asyncAmd) this.ctx.track(this.asyncAmd(run, answeredBy));
    else if (answeredBy) {
      try {
        await run.wait(amdSeconds(answeredBy));
      } catch (err) {
        if (!(err instanceof CallInterrupted && err.reason.kind === 'redirect')) throw err;
        first = err.reason.source;
      }
      run.call.answeredBy = answeredBy;
      run.log({ type: 'amd', answeredBy });
    }
    await runTwiml(run, first);
    run.finish('completed');
  }

  /** Async AMD: TwiML runs at once; the verdict is posted to AsyncAmdStatusCallback later. */
  private async asyncAmd(run: CallRun, answeredBy: AnsweredBy): Promise<void> {
    const seconds = amdSeconds(answeredBy);
    await this.ctx.clock.sleep(seconds, this.ctx.stopping);
    run.call.answeredBy = answeredBy;
    run.log({ type: 'amd', answeredBy });
    const url = run.call.request.asyncAmdStatusCallback;
    if (run.stale) return;
    if (!url)
      return run.log({ type: 'error', code: 21262, message: 'AsyncAmd without AsyncAmdStatusCallback' });
    const params = {
      AccountSid: run.call.accountSid,
      CallSid: run.call.sid,
      AnsweredBy: answeredBy,
      MachineDetectionDuration: String(seconds * 1000),
    };
    await this.ctx.webhooks.send({ kind: 'amd-status', url, params, callSid: run.call.sid });
  }

  private async inbound(run: CallRun): Promise<void> {
    const r = run.call.request;
    await runTwiml(run, { url: r.url ?? null, method: r.method });
    run.finish(run.rejected ? 'busy' : 'completed');
  }
}

import { CallRun } from '../call-run';
import { newCallRecord } from '../call-record';
import { attr, numAttr, type TwimlNode } from '../twiml';
import type { CallStatus } from '../types';
import { asMethod, resolveUrl } from '../util';
import { CONTINUE, type VerbHandler } from './result';

/** How long a person who picks up a <Dial> stays on the line unless their script says otherwise. */
export const DEFAULT_BRIDGE_SECONDS = 20;

interface Leg {
  run: CallRun;
  /** Simulated seconds after the dial starts at which this leg answers or gives up. */
  decidedAt: number;
  outcome: CallStatus | 'answer';
}

function startLeg(
  parent: CallRun,
  number: string,
  noun: TwimlNode | null,
  callerId: string,
  timeout: number,
): Leg {
  const { ctx } = parent;
  const events = noun ? (attr(noun, 'statusCallbackEvent') ?? '').split(/[\s,]+/).filter(Boolean) : [];
  const call = newCallRecord(ctx, {
    to: number,
    from: callerId,
    direction: 'outbound-dial',
    parentCallSid: parent.call.sid,
    request: {
      statusCallback: noun ? attr(noun, 'statusCallback') : undefined,
      statusCallbackMethod: asMethod(noun ? attr(noun, 'statusCallbackMethod') : undefined),
      statusCallbackEvents: events,
      timeout,
    },
  });
  const party = ctx.phones.takeForCall(number);
  const run = new CallRun(ctx, call, party);
  run.progress('initiated');
  const answer = party.answer ?? 'human';
  const ring = party.ringSeconds ?? 3;
  if (answer === 'failed') return { run, decidedAt: 0, outcome: 'failed' };
  run.setStatus('ringing');
  run.progress('ringing');
  if (answer === 'busy') return { run, decidedAt: 1, outcome: 'busy' };
  if (answer === 'no-answer' || ring >= timeout) return { run, decidedAt: timeout, outcome: 'no-answer' };
  // Voicemail picking up a <Dial> counts as answered, as it does on the real network.
  return { run, decidedAt: ring, outcome: 'answer' };
}

function endLeg(leg: Leg, status: CallStatus, atSeconds: number): void {
  leg.run.elapsed = atSeconds;
  leg.run.finish(status);
  leg.run.ctx.track(leg.run.settle());
}

/**
 * <Dial> to <Number> nouns (or a bare number): every number is rung at once and the first to
 * answer is bridged for as long as that person's script keeps them on the line. Posts
 * DialCallStatus/DialCallSid/DialCallDuration to `action`, or falls through to the next verb.
 */
export const dial: VerbHandler = async (run, node, docUrl) => {
  const timeout = numAttr(node, 'timeout', 30);
  const timeLimit = numAttr(node, 'timeLimit', 14400);
  const callerId = attr(node, 'callerId') ?? run.call.from;
  const nouns = node.children.filter((c) => c.name === 'Number');
  for (const other of node.children.filter((c) => c.name !== 'Number')) {
    run.log({ type: 'error', code: 12200, message: `<Dial><${other.name}> is not simulated` });
  }
  for (const n of nouns.filter((n) => attr(n, 'url'))) {
    run.log({ type: 'error', message: `<Number url="${attr(n, 'url')}"> whisper TwiML is not simulated` });
  }
  const targets = nouns.length
    ? nouns.map((n) => ({ number: n.text, noun: n }))
    : [{ number: node.text, noun: null }];
  if (!targets.some((t) => t.number)) {
    run.log({ type: 'error', code: 13214, message: '<Dial> has no number to call' });
    return CONTINUE;
  }

  const legs = targets.filter((t) => t.number).map((t) => startLeg(run, t.number, t.noun, callerId, timeout));
  const winner = legs.filter((l) => l.outcome === 'answer').sort((a, b) => a.decidedAt - b.decidedAt)[0];
  const ringFor = winner ? winner.decidedAt : Math.max(...legs.map((l) => l.decidedAt));
  try {
    await run.wait(ringFor);
  } catch (err) {
    for (const l of legs) endLeg(l, 'canceled', Math.min(l.decidedAt, ringFor));
    throw err;
  }
  for (const l of legs.filter((l) => l !== winner)) {
    endLeg(l, l.outcome !== 'answer' && l.decidedAt <= ringFor ? l.outcome : 'canceled', ringFor);
  }

  let status: string;
  let duration = 0;
  if (winner) {
    winner.run.elapsed = ringFor;
    winner.run.answer();
    const start = run.elapsed;
    let callerGone: unknown = null;
    try {
      await run.wait(Math.min(winner.run.party.hangUpAfterSeconds ?? DEFAULT_BRIDGE_SECONDS, timeLimit));
    } catch (err) {
      callerGone = err;
    }
    duration = Math.round(run.elapsed - start);
    endLeg(winner, 'completed', ringFor + duration);
    status = 'completed';
    if (callerGone) {
      run.log({
        type: 'dial',
        numbers: targets.map((t) => t.number),
        result: status,
        childCallSid: winner.run.call.sid,
        duration,
      });
      throw callerGone;
    }
  } else {
    const finals = legs.map((l) => l.outcome);
    status =
      finals.length === 1
        ? String(finals[0])
        : finals.includes('no-answer')
          ? 'no-answer'
          : finals.includes('busy')
            ? 'busy'
            : 'failed';
  }
  const childCallSid = (winner ?? legs[0])?.run.call.sid;
  run.log({ type: 'dial', numbers: targets.map((t) => t.number), result: status, childCallSid, duration });

  const actionAttr = attr(node, 'action');
  const action = actionAttr === undefined ? null : resolveUrl(actionAttr, docUrl);
  if (!action) return CONTINUE;
  const params = {
    DialCallStatus: status,
    DialCallDuration: String(duration),
    DialBridged: String(!!winner),
    ...(childCallSid ? { DialCallSid: childCallSid } : {}),
  };
  return { next: 'goto', source: { url: action, method: asMethod(attr(node, 'method')), params } };
};

import { isMachine } from '../amd';
import { CallRun } from '../call-run';
import { newCallRecord } from '../call-record';
import { attr, numAttr, type TwimlNode } from '../twiml';
import type { CallStatus } from '../types';
import { asMethod, resolveUrl } from '../util';
import { CONTINUE, HANGUP, type VerbHandler } from './result';
import { screenCallee, type ScreenVerdict } from './whisper';

/** How long a person who picks up a <Dial> stays on the line unless their script says otherwise. */
export const DEFAULT_BRIDGE_SECONDS = 20;

interface Leg {
  run: CallRun;
  noun: TwimlNode | null;
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
  const answer = party.answer ?? 'human';
  // A voicemail greeting presses no keys, whatever the phone's script says.
  const run = new CallRun(ctx, call, isMachine(answer) ? { ...party, pressDigits: [] } : party);
  run.progress('initiated');
  const ring = party.ringSeconds ?? 3;
  if (answer === 'failed') return { run, noun, decidedAt: 0, outcome: 'failed' };
  run.setStatus('ringing');
  run.progress('ringing');
  if (answer === 'busy') return { run, noun, decidedAt: 1, outcome: 'busy' };
  if (answer === 'no-answer' || ring >= timeout)
    return { run, noun, decidedAt: timeout, outcome: 'no-answer' };
  // Voicemail picking up a <Dial> counts as answered, as it does on the real network (unless screened).
  return { run, noun, decidedAt: ring, outcome: 'answer' };
}

function endLeg(leg: Leg, status: CallStatus, atSeconds: number): void {
  leg.run.elapsed = atSeconds;
  leg.run.finish(status);
  leg.run.ctx.track(leg.run.settle());
}

/**
 * Bridges the caller with the leg that answered, after its `<Number url>` screening accepted the call.
 * A declined screening ends that leg unbridged. Throws the caller's hang-up after ending the leg.
 */
async function connect(run: CallRun, winner: Leg, timeLimit: number, docUrl: string | null) {
  const ringFor = winner.run.elapsed;
  winner.run.answer();
  const hangUpAfter = winner.run.party.hangUpAfterSeconds;
  let screened: ScreenVerdict | undefined;
  let screenSeconds = 0;
  let callerGone: unknown = null;
  let talk = 0;
  try {
    if (winner.noun && attr(winner.noun, 'url') !== undefined) {
      ({ verdict: screened, seconds: screenSeconds } = await screenCallee(winner.run, winner.noun, docUrl));
      // The caller was hearing ringing meanwhile; a hang-up or REST update then takes effect now.
      run.elapsed += screenSeconds;
      run.checkpoint();
    }
    if (screened !== 'declined') {
      const bridge =
        hangUpAfter === undefined ? DEFAULT_BRIDGE_SECONDS : Math.max(0, hangUpAfter - screenSeconds);
      const start = run.elapsed;
      try {
        await run.wait(Math.min(bridge, timeLimit));
      } finally {
        talk = run.elapsed - start;
      }
    }
  } catch (err) {
    callerGone = err;
  }
  const duration = Math.round(screenSeconds + talk);
  endLeg(winner, 'completed', ringFor + duration);
  // A screening that hung up leaves the call unanswered as far as the caller's <Dial> is concerned.
  const bridged = screened !== 'declined' && !(callerGone && talk === 0 && screened);
  return {
    status: bridged ? 'completed' : 'no-answer',
    duration: bridged ? duration : 0,
    bridged,
    screened,
    callerGone,
  };
}

/**
 * <Dial> to <Number> nouns (or a bare number): every number is rung at once and the first to
 * answer is bridged for as long as that person's script keeps them on the line; a `<Number url>`
 * screens that person first (see screenCallee). Posts DialCallStatus/DialCallSid/DialCallDuration to
 * `action`, or falls through to the next verb. (Simplification: only the first leg to answer is
 * screened; the others are hung up when it answers.)
 */
export const dial: VerbHandler = async (run, node, docUrl) => {
  if (run.screening) {
    run.log({ type: 'error', code: 13201, message: 'Cannot <Dial> out from a <Number url> screening' });
    return HANGUP;
  }
  const timeout = numAttr(node, 'timeout', 30);
  const timeLimit = numAttr(node, 'timeLimit', 14400);
  const callerId = attr(node, 'callerId') ?? run.call.from;
  const nouns = node.children.filter((c) => c.name === 'Number');
  for (const other of node.children.filter((c) => c.name !== 'Number')) {
    run.log({ type: 'error', code: 12200, message: `<Dial><${other.name}> is not simulated` });
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

  const numbers = targets.map((t) => t.number);
  const childCallSid = (winner ?? legs[0])?.run.call.sid;
  let status: string;
  let duration = 0;
  let bridged = false;
  if (winner) {
    winner.run.elapsed = ringFor;
    const c = await connect(run, winner, timeLimit, docUrl);
    ({ status, duration, bridged } = c);
    const screened = c.screened ? { screened: c.screened } : {};
    run.log({ type: 'dial', numbers, result: status, childCallSid, duration, ...screened });
    if (c.callerGone) throw c.callerGone;
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
    run.log({ type: 'dial', numbers, result: status, childCallSid, duration });
  }

  const actionAttr = attr(node, 'action');
  const action = actionAttr === undefined ? null : resolveUrl(actionAttr, docUrl);
  if (!action) return CONTINUE;
  const params = {
    DialCallStatus: status,
    DialCallDuration: String(duration),
    DialBridged: String(bridged),
    ...(childCallSid ? { DialCallSid: childCallSid } : {}),
  };
  return { next: 'goto', source: { url: action, method: asMethod(attr(node, 'method')), params } };
};

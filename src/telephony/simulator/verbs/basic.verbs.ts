import type { CallRun } from '../call-run';
import { attr, numAttr, type TwimlNode } from '../twiml';
import { asMethod, resolveUrl, speechSeconds } from '../util';
import { CONTINUE, END, HANGUP, type VerbHandler } from './result';

/** loop="0" means "until something else happens"; ten rounds is plenty for a simulated listener. */
function loops(node: TwimlNode): number {
  const n = numAttr(node, 'loop', 1);
  return n <= 0 ? 10 : n;
}

export const say: VerbHandler = async (run, node) => {
  run.log({ type: 'say', text: node.text });
  await run.wait(speechSeconds(node.text) * loops(node));
  return CONTINUE;
};

export const play: VerbHandler = async (run, node) => {
  const digits = attr(node, 'digits');
  if (digits !== undefined) {
    run.log({ type: 'play', digits });
    await run.wait(digits.length * 0.5);
  } else {
    run.log({ type: 'play', url: node.text });
    await run.wait(5 * loops(node));
  }
  return CONTINUE;
};

export const pause: VerbHandler = async (run, node) => {
  const seconds = numAttr(node, 'length', 1);
  run.log({ type: 'pause', seconds });
  await run.wait(seconds);
  return CONTINUE;
};

export const hangup: VerbHandler = async (run) => {
  run.log({ type: 'hangup', by: 'twiml' });
  return HANGUP;
};

/** Declines an inbound call before it is answered; on an answered call it just hangs up. */
export const reject: VerbHandler = async (run, node) => {
  const reason = attr(node, 'reason') ?? 'rejected';
  run.log({ type: 'reject', reason });
  if (!run.answered) run.rejected = reason;
  return HANGUP;
};

export const redirect: VerbHandler = async (run, node, docUrl) => {
  const url = resolveUrl(node.text, docUrl);
  if (!url) {
    run.log({ type: 'error', code: 21205, message: `<Redirect> to unresolvable URL "${node.text}"` });
    return END;
  }
  run.log({ type: 'redirect', url });
  return { next: 'goto', source: { url, method: asMethod(attr(node, 'method')) } };
};

/** The other party's number and the Twilio side's number on this call. */
export function ends(run: CallRun): { party: string; twilio: string } {
  const c = run.call;
  return c.direction === 'inbound' ? { party: c.from, twilio: c.to } : { party: c.to, twilio: c.from };
}

/** <Sms> (and <Message>, leniently) during a call: sends a text, by default to the other party. */
export const sms: VerbHandler = async (run, node, docUrl) => {
  const { party, twilio } = ends(run);
  const bodyNode = node.children.find((c) => c.name === 'Body');
  const callback = attr(node, 'statusCallback');
  const msg = run.ctx.sendSms({
    to: attr(node, 'to') ?? party,
    from: attr(node, 'from') ?? twilio,
    body: bodyNode?.text ?? node.text,
    statusCallback: callback ? (resolveUrl(callback, docUrl) ?? undefined) : undefined,
    direction: 'outbound-call',
  });
  run.log({ type: 'sms', messageSid: msg.sid, to: msg.to, body: msg.body });
  return CONTINUE;
};

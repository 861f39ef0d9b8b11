import { attr, numAttr } from '../twiml';
import { asMethod, resolveUrl, speechSeconds } from '../util';
import { pause, play, say } from './basic.verbs';
import { CONTINUE, END, type VerbHandler } from './result';

/** What the simulator reports for every scripted phrase: it "hears" exactly what was scripted. */
const SPEECH_CONFIDENCE = '0.9';
const PROMPTS: Record<string, VerbHandler> = { Say: say, Play: play, Pause: pause };

/** Applies numDigits and finishOnKey to what the party keyed in. */
export function collectDigits(keys: string, numDigits: number, finishOnKey: string) {
  let digits = '';
  for (const k of keys) {
    if (finishOnKey && k === finishOnKey) return { digits, complete: true };
    digits += k;
    if (digits.length >= numDigits) return { digits, complete: true };
  }
  return { digits, complete: false };
}

/**
 * <Gather> (DTMF, and speech when input names it and the party is scripted to say something): plays nested Say/Play/Pause, then takes the party's next scripted key presses.
 * With input it posts Digits to `action` (default: this document's URL); without input it falls
 * through to the next verb, unless actionOnEmptyResult="true".
 */
export const gather: VerbHandler = async (run, node, docUrl) => {
  const actionAttr = attr(node, 'action');
  const action = actionAttr === undefined ? docUrl : resolveUrl(actionAttr, docUrl);
  const timeout = numAttr(node, 'timeout', 5);
  const numDigits = numAttr(node, 'numDigits', Infinity);
  const finishOnKey = attr(node, 'finishOnKey') ?? '#';
  const input = (attr(node, 'input') ?? 'dtmf').toLowerCase();

  for (const child of node.children) {
    const prompt = PROMPTS[child.name];
    if (prompt) await prompt(run, child, docUrl);
    else run.log({ type: 'error', code: 12200, message: `<${child.name}> is not allowed inside <Gather>` });
  }

  const said = input.includes('speech') ? (run.party.say?.[run.gatherCount] ?? '').trim() : '';
  const keys = input.includes('dtmf') && !said ? (run.party.pressDigits?.[run.gatherCount] ?? '') : '';
  run.gatherCount++;
  if (said) {
    // Speaking takes about as long as saying it; Twilio then posts the transcription, without Digits.
    await run.wait(speechSeconds(said) + 1);
    run.log({ type: 'gather', digits: null, action, speech: said });
    if (!action) return END;
    return { next: 'goto', source: { url: action, method: asMethod(attr(node, 'method')), params: { SpeechResult: said, Confidence: SPEECH_CONFIDENCE } } };
  }
  const { digits, complete } = collectDigits(keys, numDigits, finishOnKey);
  // Half a second per key; without a terminating key Twilio waits out the timeout.
  await run.wait(keys ? Math.max(1, keys.length * 0.5) + (complete ? 0 : timeout) : timeout);

  run.log({ type: 'gather', digits: keys ? digits : null, action });
  if (!keys && attr(node, 'actionOnEmptyResult') !== 'true') return CONTINUE;
  if (!action) {
    run.log({ type: 'error', code: 21205, message: '<Gather> has no action URL to post Digits to' });
    return END;
  }
  return {
    next: 'goto',
    source: { url: action, method: asMethod(attr(node, 'method')), params: { Digits: digits } },
  };
};

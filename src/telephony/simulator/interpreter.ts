import { CallInterrupted, type CallRun, type DocSource } from './call-run';
import { parseTwiml, TwimlError, type TwimlNode } from './twiml';
import { VOICE_VERBS } from './verbs';
import { END, type VerbResult } from './verbs/result';
import { succeeded } from './webhooks';

/** A document that keeps redirecting to itself must not spin forever. */
export const MAX_DOCUMENTS_PER_CALL = 50;

interface LoadedDoc {
  root: TwimlNode;
  url: string | null;
}

/** Fetches (signed) or parses the next document; null after recording why it failed. */
async function load(run: CallRun, source: DocSource): Promise<LoadedDoc | null> {
  let xml = source.xml;
  if (xml === undefined) {
    if (!source.url) {
      run.log({ type: 'error', code: 21205, message: 'no TwiML URL to request' });
      return null;
    }
    const hook = await run.ctx.webhooks.send({
      kind: 'voice-twiml',
      url: source.url,
      method: source.method,
      params: run.params(source.params),
      callSid: run.call.sid,
    });
    run.checkpoint();
    if (!succeeded(hook)) {
      const why = hook.error ?? `HTTP ${hook.responseStatus}`;
      run.log({ type: 'error', code: 11200, message: `HTTP retrieval failure: ${source.url}: ${why}` });
      return null;
    }
    xml = hook.responseBody;
  }
  run.log({ type: 'twiml', url: source.url, xml });
  try {
    return { root: parseTwiml(xml), url: source.url };
  } catch (err) {
    const code = err instanceof TwimlError ? err.code : 12100;
    run.log({ type: 'error', code, message: err instanceof Error ? err.message : String(err) });
    return null;
  }
}

/** Runs verbs in order; the end of the document hangs up, as on Twilio. */
export async function executeVerbs(
  run: CallRun,
  verbs: TwimlNode[],
  docUrl: string | null,
): Promise<VerbResult> {
  for (const node of verbs) {
    const handler = VOICE_VERBS[node.name];
    if (!handler) {
      run.log({ type: 'error', code: 12200, message: `unsupported TwiML verb <${node.name}> skipped` });
      continue;
    }
    // An inbound call is picked up by the first verb that needs the line open.
    if (!run.answered && node.name !== 'Reject') run.answer();
    const result = await handler(run, node, docUrl);
    if (result.next !== 'continue') return result;
  }
  return END;
}

/** How a TwiML run ended: it ran out of verbs, a verb hung up on purpose, or a document could not be had. */
export type TwimlEnding = 'ended' | 'hangup' | 'failed';

/**
 * Executes TwiML from `first` until the call hangs up. A REST update with a new Url/Twiml arrives as
 * a redirect interrupt and replaces the document being executed; other interrupts propagate.
 */
export async function runTwiml(run: CallRun, first: DocSource): Promise<TwimlEnding> {
  let source: DocSource = first;
  for (let docs = 1; ; docs++) {
    if (docs > MAX_DOCUMENTS_PER_CALL) {
      run.log({
        type: 'error',
        message: `more than ${MAX_DOCUMENTS_PER_CALL} TwiML documents: redirect loop, hanging up`,
      });
      return 'failed';
    }
    try {
      const doc = await load(run, source);
      if (!doc) return 'failed';
      const result = await executeVerbs(run, doc.root.children, doc.url);
      if (result.next === 'hangup') return 'hangup';
      if (result.next !== 'goto') return 'ended';
      source = result.source;
    } catch (err) {
      if (err instanceof CallInterrupted && err.reason.kind === 'redirect') source = err.reason.source;
      else throw err;
    }
  }
}

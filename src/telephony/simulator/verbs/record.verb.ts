import { CallInterrupted, type CallRun } from '../call-run';
import { accountPath } from '../context';
import { attr, numAttr, type TwimlNode } from '../twiml';
import type { Params } from '../types';
import { asMethod, newSid, resolveUrl } from '../util';
import { CONTINUE, END, type VerbHandler } from './result';

/** Fire-and-forget callbacks Twilio sends once a recording (or its transcription) is ready. */
function recordingCallbacks(
  run: CallRun,
  node: TwimlNode,
  docUrl: string | null,
  rec: Params,
  text?: string,
) {
  const { ctx, call } = run;
  const transcribeCallback = attr(node, 'transcribeCallback');
  const transcribeUrl = transcribeCallback ? resolveUrl(transcribeCallback, docUrl) : null;
  if (transcribeUrl) {
    const sid = newSid('TR');
    const params = run.params({
      ...rec,
      TranscriptionSid: sid,
      TranscriptionText: text ?? '',
      TranscriptionStatus: text ? 'completed' : 'failed',
      TranscriptionUrl: `${ctx.baseUrl()}${accountPath(ctx)}/Transcriptions/${sid}`,
    });
    ctx.track(ctx.webhooks.send({ kind: 'transcription', url: transcribeUrl, params, callSid: call.sid }));
  }
  const statusCallback = attr(node, 'recordingStatusCallback');
  const statusUrl = statusCallback ? resolveUrl(statusCallback, docUrl) : null;
  if (statusUrl) {
    const params: Params = {
      AccountSid: call.accountSid,
      CallSid: call.sid,
      ...rec,
      RecordingStatus: 'completed',
      RecordingChannels: '1',
      RecordingSource: 'RecordVerb',
    };
    const method = asMethod(attr(node, 'recordingStatusCallbackMethod'));
    ctx.track(
      ctx.webhooks.send({ kind: 'recording-status', url: statusUrl, method, params, callSid: call.sid }),
    );
  }
}

/**
 * <Record>: the party's `record` script says how long they talk and how they stop (silence, a key,
 * or hanging up). Posts RecordingUrl/RecordingSid/RecordingDuration to `action` (default: this
 * document's URL). A silent party records nothing and the call moves to the next verb.
 */
export const record: VerbHandler = async (run, node, docUrl) => {
  const { ctx, call } = run;
  const actionAttr = attr(node, 'action');
  const action = actionAttr === undefined ? docUrl : resolveUrl(actionAttr, docUrl);
  const method = asMethod(attr(node, 'method'));
  const timeout = numAttr(node, 'timeout', 5);
  const finishOnKey = attr(node, 'finishOnKey') ?? '1234567890*#';
  const script = run.party.record;
  if (!script) {
    await run.wait(timeout);
    run.log({ type: 'record', duration: 0 });
    return CONTINUE;
  }

  const duration = Math.round(Math.min(script.seconds ?? 5, numAttr(node, 'maxLength', 3600)));
  const endWith = script.endWith ?? 'silence';
  const byKey = endWith !== 'silence' && endWith !== 'hangup' && finishOnKey.includes(endWith);
  await run.wait(duration + (byKey || endWith === 'hangup' ? 0.5 : timeout));

  const sid = newSid('RE');
  const url = `${ctx.baseUrl()}${accountPath(ctx)}/Recordings/${sid}`;
  ctx.records.recordings.push({ sid, callSid: call.sid, duration, url, dateCreated: new Date() });
  run.log({
    type: 'record',
    recordingSid: sid,
    recordingUrl: url,
    duration,
    transcription: script.transcription,
  });
  const rec: Params = { RecordingSid: sid, RecordingUrl: url, RecordingDuration: String(duration) };
  recordingCallbacks(run, node, docUrl, rec, script.transcription);

  const digits = endWith === 'hangup' ? 'hangup' : byKey ? endWith : undefined;
  const params = { ...rec, ...(digits ? { Digits: digits } : {}) };
  if (!action) {
    run.log({ type: 'error', code: 21205, message: '<Record> has no action URL to post the recording to' });
    return END;
  }
  if (endWith === 'hangup') {
    // Twilio still tells the app about the recording; the TwiML it answers with is never executed.
    await ctx.webhooks.send({
      kind: 'voice-twiml',
      url: action,
      method,
      params: run.params({ ...params, CallStatus: 'completed' }),
      callSid: call.sid,
    });
    throw new CallInterrupted({ kind: 'party-hangup' });
  }
  return { next: 'goto', source: { url: action, method, params } };
};

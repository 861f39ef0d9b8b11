import { Router, type Request } from 'express';
import { findPhoneLineByNumber, getPhoneLine, type PhoneLine } from '../../db/phone-line.repository';
import { NOT_IN_SERVICE, NO_MESSAGE_GOODBYE, VOICEMAIL_THANKS } from '../../domain/twiml-inbound-text';
import type { TwilioContext } from './context';
import { callRingList, deletedLine, raiseCallAlert, recordHop } from './inbound-line.service';
import { InboundSteps } from './inbound-line.twiml';
import { emptyTwiml, field, queryParam, sayAndHangUp, sendTwiml, VoiceResponse } from './twiml';

const redirectTo = (url: string) => {
  const v = new VoiceResponse();
  v.redirect({ method: 'POST' }, url);
  return v.toString();
};

const REACHED = new Set(['completed', 'answered']);

/** The after-hours line: greet, ask, ring the on-call people one by one, then take a voicemail. */
export function inboundLineRoutes(ctx: TwilioContext): Router {
  const r = Router();
  const sid = (req: Request) => field(req.body, 'CallSid');
  const hopOf = (req: Request) => Math.max(0, Math.floor(Number(queryParam(req.query, 'hop')) || 0));
  /** The line named in a step's URL; a step for a deleted line just says goodbye. */
  const lineOf = async (req: Request) => getPhoneLine(ctx.conn, queryParam(req.query, 'line'));

  /** The caller has done their part: a failure to raise the alert now is logged, and the status callback tries again. */
  async function raiseOrLog(line: PhoneLine, callSid: string): Promise<void> {
    await raiseCallAlert(ctx, line, callSid).catch((err: unknown) => ctx.log.error({ err, callSid }, 'could not raise an alert for an inbound call yet'));
  }

  /** Rings the hop-th person, or goes to voicemail when there is nobody left to ring. */
  async function ringStep(line: PhoneLine, callSid: string, hop: number, prefix?: string): Promise<string> {
    const steps = new InboundSteps(ctx.publicUrl, line);
    const person = (await callRingList(ctx, line, callSid))[hop];
    if (!person) {
      await recordHop(ctx, callSid, { key: 'voicemail-offered', action: 'call_voicemail_offered', details: hop === 0 ? 'nobody on call to ring: voicemail' : 'nobody answered: voicemail' });
      return steps.voicemail(prefix);
    }
    await recordHop(ctx, callSid, { key: `ring:${hop}`, action: 'call_ringing', details: `ringing ${person.name} (${person.phone})` });
    return steps.ring(hop, person.phone);
  }

  r.post('/voice/incoming', async (req, res) => {
    const line = await findPhoneLineByNumber(ctx.conn, field(req.body, 'To'));
    if (!line) return sendTwiml(res, sayAndHangUp(NOT_IN_SERVICE));
    const callSid = sid(req);
    await ctx.calls.start({ callSid, lineId: line.id, from: field(req.body, 'From'), to: line.number });
    await recordHop(ctx, callSid, { key: 'received', action: 'call_received', details: `call from ${field(req.body, 'From') || 'unknown'} to ${line.name} (${line.number})` });
    sendTwiml(res, new InboundSteps(ctx.publicUrl, line).entry());
  });

  r.post('/voice/incoming/emergency', async (req, res) => {
    const line = await lineOf(req);
    if (!line) return sendTwiml(res, sayAndHangUp(NOT_IN_SERVICE));
    const emergency = field(req.body, 'Digits') === '1';
    await ctx.calls.set(sid(req), { emergency });
    await recordHop(ctx, sid(req), { key: 'emergency', action: 'caller_urgency', details: emergency ? 'caller pressed 1: emergency' : 'caller said it is not an emergency' });
    const steps = new InboundSteps(ctx.publicUrl, line);
    if (!emergency) return sendTwiml(res, steps.voicemail());
    if (line.runbookId) return sendTwiml(res, redirectTo(steps.firstStep()));
    sendTwiml(res, line.recordReason ? steps.reason() : await ringStep(line, sid(req), 0));
  });

  r.post('/voice/incoming/reason-prompt', async (req, res) => {
    const line = await lineOf(req);
    sendTwiml(res, line ? new InboundSteps(ctx.publicUrl, line).reason() : sayAndHangUp(NOT_IN_SERVICE));
  });

  r.post('/voice/incoming/reason', async (req, res) => {
    const line = await lineOf(req);
    if (!line) return sendTwiml(res, sayAndHangUp(NOT_IN_SERVICE));
    const url = field(req.body, 'RecordingUrl');
    if (url) {
      await ctx.calls.set(sid(req), { reasonRecordingUrl: url });
      await recordHop(ctx, sid(req), { key: 'reason', action: 'caller_reason_recorded', details: `reason recorded: ${url}` });
    }
    sendTwiml(res, await ringStep(line, sid(req), 0));
  });

  r.post('/voice/incoming/ring', async (req, res) => {
    const line = await lineOf(req);
    sendTwiml(res, line ? await ringStep(line, sid(req), hopOf(req)) : sayAndHangUp(NOT_IN_SERVICE));
  });

  r.post('/voice/incoming/dialed', async (req, res) => {
    const line = await lineOf(req);
    if (!line) return sendTwiml(res, sayAndHangUp(NOT_IN_SERVICE));
    const hop = hopOf(req);
    const status = field(req.body, 'DialCallStatus');
    const person = (await callRingList(ctx, line, sid(req)))[hop];
    const name = person?.name ?? 'the engineer on call';
    // Only a screening accepted with 1 counts as reaching someone, whatever status the Dial reports.
    const hops = (await ctx.calls.find(sid(req)))?.hops ?? [];
    const accepted = hops.some((h) => h.key === `screened:${hop}` && h.action === 'call_screen_accepted');
    if (REACHED.has(status) && accepted) {
      await ctx.calls.set(sid(req), { reachedName: name });
      await recordHop(ctx, sid(req), { key: `dialed:${hop}`, action: 'call_connected', details: `${name} answered (${field(req.body, 'DialCallDuration') || '0'} s)` });
      return sendTwiml(res, sayAndHangUp('Goodbye.'));
    }
    await recordHop(ctx, sid(req), { key: `dialed:${hop}`, action: 'call_not_answered', details: `${name} did not answer (${status || 'unknown'})` });
    sendTwiml(res, await ringStep(line, sid(req), hop + 1));
  });

  // Call screening, on the leg of the person rung: their CallSid is the child's, ParentCallSid the caller's.
  const parentSid = (req: Request) => field(req.body, 'ParentCallSid') || sid(req);
  const personAt = async (line: PhoneLine, callSid: string, hop: number) => (await callRingList(ctx, line, callSid))[hop]?.name ?? 'the engineer on call';
  const hangUp = () => sayAndHangUp();

  r.post('/voice/incoming/screen', async (req, res) => {
    const line = await lineOf(req);
    if (!line) return sendTwiml(res, hangUp());
    const hop = hopOf(req);
    const call = await ctx.calls.find(parentSid(req));
    await recordHop(ctx, parentSid(req), { key: `screen:${hop}`, action: 'call_screening', details: `${await personAt(line, parentSid(req), hop)}'s phone picked up: waiting for a keypress` });
    sendTwiml(res, new InboundSteps(ctx.publicUrl, line).screen(hop, call?.from || field(req.body, 'From')));
  });

  // Only an explicit 1 counts as a person taking the call; a voicemail greeting presses nothing.
  r.post('/voice/incoming/screen-choice', async (req, res) => {
    const line = await lineOf(req);
    if (!line) return sendTwiml(res, hangUp());
    const hop = hopOf(req);
    const name = await personAt(line, parentSid(req), hop);
    const digits = field(req.body, 'Digits');
    if (digits === '1') {
      await recordHop(ctx, parentSid(req), { key: `screened:${hop}`, action: 'call_screen_accepted', details: `${name} pressed 1 to take the call` });
      return sendTwiml(res, new InboundSteps(ctx.publicUrl, line).screenAccepted());
    }
    const why = digits ? `${name} pressed ${digits}, not 1` : `${name}'s phone answered but nobody pressed 1 (voicemail or no keypress)`;
    await recordHop(ctx, parentSid(req), { key: `screened:${hop}`, action: 'call_screen_declined', details: `${why}: not put through` });
    sendTwiml(res, hangUp());
  });

  r.post('/voice/incoming/voicemail', async (req, res) => {
    const line = await lineOf(req);
    if (!line) return sendTwiml(res, sayAndHangUp(NOT_IN_SERVICE));
    const url = field(req.body, 'RecordingUrl');
    const seconds = Number(field(req.body, 'RecordingDuration')) || 0;
    await ctx.calls.set(sid(req), { recordingUrl: url || null, recordingDuration: seconds });
    await recordHop(ctx, sid(req), { key: 'voicemail', action: 'voicemail_left', details: url ? `voicemail (${seconds} s): ${url}` : 'voicemail step ended without a recording' });
    await raiseOrLog(line, sid(req));
    sendTwiml(res, sayAndHangUp(VOICEMAIL_THANKS));
  });

  r.post('/voice/incoming/no-message', async (req, res) => {
    const line = await lineOf(req);
    if (!line) return sendTwiml(res, sayAndHangUp(NOT_IN_SERVICE));
    await recordHop(ctx, sid(req), { key: 'no-message', action: 'no_voicemail', details: 'the caller left no message' });
    await raiseOrLog(line, sid(req));
    sendTwiml(res, sayAndHangUp(NO_MESSAGE_GOODBYE));
  });

  r.post('/voice/incoming/transcription', async (req, res) => {
    const text = field(req.body, 'TranscriptionText');
    if (field(req.body, 'TranscriptionStatus') === 'completed' && text) {
      await ctx.calls.set(sid(req), { transcription: text });
      await recordHop(ctx, sid(req), { key: 'transcription', action: 'voicemail_transcribed', details: `"${text}"` });
    }
    sendTwiml(res, emptyTwiml());
  });

  // The number's status callback: a caller who hung up before anyone answered still becomes an alert.
  r.post('/voice/incoming/status', async (req, res) => {
    const callSid = sid(req);
    const call = callSid ? await ctx.calls.find(callSid) : null;
    const status = field(req.body, 'CallStatus');
    if (call && ['completed', 'busy', 'failed', 'no-answer', 'canceled'].includes(status)) {
      await recordHop(ctx, callSid, { key: 'ended', action: 'call_ended', details: `call ended (${status}, ${field(req.body, 'CallDuration') || '0'} s)` });
      const line = (await getPhoneLine(ctx.conn, call.lineId)) ?? deletedLine(call);
      if (!call.reachedName) await raiseCallAlert(ctx, line, callSid);
    }
    sendTwiml(res, emptyTwiml());
  });

  return r;
}

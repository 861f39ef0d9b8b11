import { Router, type Request } from 'express';
import { getPhoneLine, type PhoneLine } from '../../db/phone-line.repository';
import { getRunbook } from '../../db/runbook.repository';
import { findUserByPhone } from '../../db/user.repository';
import { planRunbookPage } from '../../domain/nightdesk-page';
import { callerFirstMessage, reasonFromKeypad, runbookMenuPrompt, runbookPagedGoodbye } from '../../domain/nightdesk-line-text';
import { NOT_IN_SERVICE } from '../../domain/twiml-inbound-text';
import type { TwilioContext } from './context';
import { recordHop } from './inbound-line.service';
import { InboundSteps } from './inbound-line.twiml';
import { field, queryParam, sayAndHangUp, sendTwiml, VoiceResponse } from './twiml';

const MENU_TIMEOUT_SECONDS = 6;

/**
 * A line with a NightDesk runbook asks why the caller is calling: a keypad menu built from the rule
 * triggers, or speech. A matching rule pages its target (workflows/runbook-page.workflow.ts) and the
 * caller is told so; no match, or no answer, carries on as the line always does (ringing its people).
 */
export function inboundRunbookRoutes(ctx: TwilioContext): Router {
  const r = Router();
  const lineOf = (req: Request) => getPhoneLine(ctx.conn, queryParam(req.query, 'line'));
  const sid = (req: Request) => field(req.body, 'CallSid');
  const onward = (line: PhoneLine) => new InboundSteps(ctx.publicUrl, line).url(line.recordReason ? 'reason-prompt' : 'ring', { hop: 0 });

  r.post('/voice/incoming/runbook-menu', async (req, res) => {
    const line = await lineOf(req);
    const runbook = line?.runbookId ? await getRunbook(ctx.conn, line.runbookId) : null;
    if (!line) return sendTwiml(res, sayAndHangUp(NOT_IN_SERVICE));
    const v = new VoiceResponse();
    if (runbook && runbook.runbook.escalation_rules.length > 0) {
      const steps = new InboundSteps(ctx.publicUrl, line);
      const g = v.gather({ input: ['speech', 'dtmf'], numDigits: 1, timeout: MENU_TIMEOUT_SECONDS, action: steps.url('runbook-reason'), method: 'POST', speechTimeout: 'auto' });
      g.say(runbookMenuPrompt(runbook.runbook.escalation_rules.map((x) => x.trigger)));
    }
    v.redirect({ method: 'POST' }, onward(line));
    sendTwiml(res, v.toString());
  });

  r.post('/voice/incoming/runbook-reason', async (req, res) => {
    const line = await lineOf(req);
    if (!line) return sendTwiml(res, sayAndHangUp(NOT_IN_SERVICE));
    const runbook = line.runbookId ? await getRunbook(ctx.conn, line.runbookId) : null;
    const speech = field(req.body, 'SpeechResult').trim();
    const triggers = runbook?.runbook.escalation_rules.map((x) => x.trigger) ?? [];
    const reason = speech || reasonFromKeypad(triggers, field(req.body, 'Digits'));
    const callSid = sid(req);
    const goOn = () => {
      const v = new VoiceResponse();
      v.redirect({ method: 'POST' }, onward(line));
      sendTwiml(res, v.toString());
    };
    if (!runbook || !reason) return goOn();
    await ctx.calls.set(callSid, { transcription: speech || null });
    const call = await ctx.calls.find(callSid);
    const from = call?.from || field(req.body, 'From');
    const caller = (await findUserByPhone(ctx.conn, from))?.name ?? from;
    const plan = planRunbookPage(runbook.runbook, { reason, at: new Date(), client: line.name, caller, ...(speech ? { firstMessage: callerFirstMessage(speech, triggers) } : {}) });
    const how = speech ? `said "${speech}"` : `pressed ${field(req.body, 'Digits')} (${reason})`;
    if (plan.kind === 'fallback' || !ctx.runbookPager) {
      const why = plan.kind === 'fallback' ? plan.reason : 'NightDesk paging is not available';
      await recordHop(ctx, callSid, { key: 'runbook-reason', action: 'caller_reason_given', details: `caller ${how}: ${why}; ringing as usual` });
      return goOn();
    }
    await recordHop(ctx, callSid, { key: 'runbook-reason', action: 'caller_reason_given', details: `caller ${how}: rule "${plan.rule.trigger}" pages by ${plan.method}` });
    await ctx.calls.markAlertDue(callSid);
    const claimed = await ctx.calls.claimAlert(callSid);
    if (claimed) {
      try {
        const policyId = line.escalationPolicyId ?? `phone-line:${line.id}`;
        const { alertId } = await ctx.runbookPager.page({
          plan,
          runbook,
          title: `${plan.rule.trigger} — ${line.name}. Caller: ${caller}`,
          description: plan.text,
          severity: 'critical',
          source: 'phone line',
          escalationPolicyId: policyId,
          dedupKey: `call:${callSid}`,
        });
        await ctx.calls.set(callSid, { alertId });
      } catch (err) {
        await ctx.calls.unclaimAlert(callSid).catch(() => undefined);
        ctx.log.error({ err, callSid }, 'could not start a NightDesk rule page; ringing as usual');
        return goOn();
      }
    }
    const name = plan.target.type === 'on-call' ? plan.target.name : 'the engineer on call';
    sendTwiml(res, sayAndHangUp(runbookPagedGoodbye(name)));
  });

  return r;
}

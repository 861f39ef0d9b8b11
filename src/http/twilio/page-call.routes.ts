import { Router } from 'express';
import {
  GOODBYE,
  PAGE_GONE,
  TRY_AGAIN,
  acknowledgedPageText,
  alreadyAcknowledgedGoodbye,
  confirmationText,
  machineMessageText,
  wrongDigitText,
} from '../../domain/twiml-voice-text';
import { AlertNotFoundError, TemporalUnavailableError } from '../../temporal/engine-errors';
import type { TwilioContext } from './context';
import { answerBundleCall } from './page-bundle.routes';
import { act, loadPage, reportOnce, spokenAlert, type PageAction, type PageCall } from './page-call.service';
import { acknowledgedPageTwiml, pageMenuTwiml } from './page-call.twiml';
import { field, queryParam, sayAndHangUp, sendTwiml } from './twiml';

const DIGITS: Record<string, PageAction> = { '1': 'acknowledge', '2': 'escalate', '3': 'resolve' };
const REPEAT_DIGIT = '9';

/** Voicemail and fax machines are not people: AMD reports them as machine_* or fax. */
export const isMachine = (answeredBy: string) => answeredBy.startsWith('machine_') || answeredBy === 'fax';

/** The outbound page call: the menu Twilio fetches when the call is answered, and the keypresses. */
export function pageCallRoutes(ctx: TwilioContext): Router {
  const r = Router();
  const menu = (p: PageCall, opts: { intro: boolean; prefix?: string }) =>
    pageMenuTwiml(ctx.publicUrl, p.attempt.key, spokenAlert(p), opts);

  r.post('/voice/page', async (req, res) => {
    const callSid = field(req.body, 'CallSid');
    // A call carrying several alerts (one person, one phone) has its own menu.
    if (queryParam(req.query, 'bundle') && (await answerBundleCall(ctx, req, res, isMachine(field(req.body, 'AnsweredBy'))))) return;
    const page = await loadPage(ctx, queryParam(req.query, 'attempt'));
    if (!page) return sendTwiml(res, sayAndHangUp(PAGE_GONE));
    if (isMachine(field(req.body, 'AnsweredBy'))) {
      // Leave a short message, and fall back to SMS at once rather than wait for the call to end.
      await reportOnce(ctx, `voice-machine:${callSid}`, callSid, page, 'machine');
      return sendTwiml(res, sayAndHangUp(machineMessageText(spokenAlert(page))));
    }
    if (page.alert.status === 'resolved') {
      return sendTwiml(res, sayAndHangUp(`This alert was already resolved by ${page.alert.resolvedBy ?? 'someone'}. ${GOODBYE}`));
    }
    await reportOnce(ctx, `voice-answered:${callSid}`, callSid, page, 'answered');
    if (page.alert.status === 'acknowledged') {
      const text = acknowledgedPageText({ by: page.alert.acknowledgedBy, at: page.alert.acknowledgedAt, timezone: page.personZone });
      return sendTwiml(res, acknowledgedPageTwiml(ctx.publicUrl, page.attempt.key, text));
    }
    sendTwiml(res, menu(page, { intro: true }));
  });

  r.post('/voice/page/digits', async (req, res) => {
    const callSid = field(req.body, 'CallSid');
    const digits = field(req.body, 'Digits');
    const page = await loadPage(ctx, queryParam(req.query, 'attempt'));
    if (!page) return sendTwiml(res, sayAndHangUp(PAGE_GONE));
    const action = DIGITS[digits];
    // Acknowledged: only 3 (resolve) is on offer; anything else ends the call rather than replay the menu.
    const acknowledged = page.alert.status === 'acknowledged';
    if (acknowledged && !action) return sendTwiml(res, sayAndHangUp(alreadyAcknowledgedGoodbye(page.alert.acknowledgedBy)));
    if (digits === REPEAT_DIGIT) return sendTwiml(res, menu(page, { intro: true }));
    if (!action) return sendTwiml(res, menu(page, { intro: false, prefix: wrongDigitText(digits) }));
    try {
      // A replayed keypress (same CallSid and digit) gets the first one's answer and changes nothing.
      const xml = await ctx.receipts.once(
        `voice-digits:${callSid}:${digits}`,
        { kind: 'voice-action', callSid },
        async () => {
          if (acknowledged && action !== 'resolve') return sayAndHangUp(alreadyAcknowledgedGoodbye(page.alert.acknowledgedBy));
          const via = { alertId: String(page.alert._id), by: { name: page.personName, userId: page.attempt.userId }, level: page.attempt.level, via: 'phone' as const, known: page.alert };
          const result = await act(ctx, via, action);
          if (result.ok && action === 'acknowledge') await reportOnce(ctx, `voice-ack:${callSid}`, callSid, page, 'acknowledged_by_keypress');
          return sayAndHangUp(confirmationText(action, { ...result, level: result.currentLevel }));
        },
        sayAndHangUp(`Your choice is being recorded. ${GOODBYE}`),
      );
      sendTwiml(res, xml);
    } catch (err) {
      if (err instanceof AlertNotFoundError) return sendTwiml(res, sayAndHangUp(PAGE_GONE));
      // The person can press again: better than Twilio's "application error" and a dead line.
      if (err instanceof TemporalUnavailableError) ctx.log.warn({ err, callSid }, 'keypress could not reach the workflow engine');
      else ctx.log.error({ err, callSid }, 'keypress failed');
      sendTwiml(res, menu(page, { intro: false, prefix: TRY_AGAIN }));
    }
  });

  return r;
}

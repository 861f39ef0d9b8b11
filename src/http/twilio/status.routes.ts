import { Router } from 'express';
import type { NotificationOutcome } from '../../../workflows/messages';
import type { TwilioContext } from './context';
import { fanOut } from './page-bundle.service';
import { reportOutcomeOnce } from './page-call.service';
import { isMachine } from './page-call.routes';
import { emptyTwiml, field, queryParam, sendTwiml } from './twiml';

const CALL_OUTCOMES: Record<string, NotificationOutcome> = {
  busy: 'busy',
  'no-answer': 'no_answer',
  failed: 'failed',
  canceled: 'canceled',
};
const SMS_OUTCOMES: Record<string, NotificationOutcome> = {
  delivered: 'delivered',
  undelivered: 'undelivered',
  failed: 'failed',
};

/**
 * Delivery callbacks for pages. Each (sid, status) pair is handled once; the workflow drops outcomes that
 * arrive after a final one, so duplicates and out-of-order callbacks change nothing.
 */
export function statusRoutes(ctx: TwilioContext): Router {
  const r = Router();

  async function handle(kind: string, attemptKey: string, sid: string, status: string, outcome: NotificationOutcome | null, bundleId = '') {
    if (!outcome || !sid) return;
    // A call or text that carried several alerts reports to each of them (and a call's end seals its bundle).
    const bundle = bundleId ? await (kind === 'voice-status' ? ctx.bundles.seal(bundleId, sid) : ctx.bundles.findById(bundleId)) : null;
    if (bundle && bundle.members.length > 1) return fanOut(ctx, bundle, outcome, sid, `${kind}:${sid}:${status}`);
    const attempt = attemptKey ? await ctx.attempts.findByKey(attemptKey) : null;
    if (!attempt) return;
    const once = { key: `${kind}:${sid}:${status}`, kind, callSid: kind === 'voice-status' ? sid : null, messageSid: kind === 'sms-status' ? sid : null };
    await reportOutcomeOnce(ctx, once, attempt, outcome, sid);
  }

  r.post('/voice/status', async (req, res) => {
    const callSid = field(req.body, 'CallSid');
    const status = field(req.body, 'CallStatus');
    let outcome: NotificationOutcome | null = CALL_OUTCOMES[status] ?? null;
    if (status === 'completed') {
      // Answered: by a machine, by a person who pressed a key, or by a person who did not.
      const pressed = await ctx.receipts.exists({ callSid, kind: 'voice-action' });
      outcome = isMachine(field(req.body, 'AnsweredBy')) ? 'machine' : pressed ? 'answered' : 'completed_without_keypress';
    }
    await handle('voice-status', queryParam(req.query, 'attempt'), callSid, status, outcome, queryParam(req.query, 'bundle'));
    sendTwiml(res, emptyTwiml());
  });

  r.post('/sms/status', async (req, res) => {
    const status = field(req.body, 'MessageStatus') || field(req.body, 'SmsStatus');
    const sid = field(req.body, 'MessageSid') || field(req.body, 'SmsSid');
    await handle('sms-status', queryParam(req.query, 'attempt'), sid, status, SMS_OUTCOMES[status] ?? null, queryParam(req.query, 'bundle'));
    sendTwiml(res, emptyTwiml());
  });

  return r;
}

import { Router } from 'express';
import type { NotificationOutcome } from '../../../workflows/messages';
import { isFinalOutcome } from '../../domain/delivery-outcome';
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

/** An outcome known from the callback, or one that takes a read to tell (`may`: what it can turn out to be). */
type Outcome = NotificationOutcome | null | { may: readonly NotificationOutcome[]; ask: () => Promise<NotificationOutcome> };

const ANSWERED_ENDS: readonly NotificationOutcome[] = ['answered', 'completed_without_keypress'];
const settle = async (o: Outcome) => (o && typeof o === 'object' ? o.ask() : o);
/** Whether the outcome can be the attempt's recorded one (a replay whose timeline write may have failed). */
const couldBe = (o: Outcome, recorded: string) => (o && typeof o === 'object' ? o.may.includes(recorded as NotificationOutcome) : o === recorded);

/**
 * Delivery callbacks for pages. Each (sid, status) pair is handled once; the workflow drops outcomes that
 * arrive after a final one, so duplicates and out-of-order callbacks change nothing.
 */
export function statusRoutes(ctx: TwilioContext): Router {
  const r = Router();

  /**
   * `outcome` may be a question (the end of an answered call asks whether a key was pressed): asked only when
   * the answer can matter, so a call whose page already has a final status costs no more reads.
   */
  async function handle(kind: string, attemptKey: string, sid: string, status: string, outcome: Outcome, bundleId = '', readBundle = true) {
    if (!outcome || !sid) return;
    // A call or text that carried several alerts reports to each of them (and a call's end seals its bundle).
    // A text's bundle holds what the text listed (frozen when it was claimed for sending): its URL says how many.
    const bundle = bundleId && readBundle ? await (kind === 'voice-status' ? ctx.bundles.seal(bundleId, sid) : ctx.bundles.findById(bundleId)) : null;
    if (bundle && bundle.members.length > 1) {
      const settled = await settle(outcome);
      return settled ? fanOut(ctx, bundle, settled, sid, `${kind}:${sid}:${status}`) : undefined;
    }
    const attempt = attemptKey ? await ctx.attempts.findByKey(attemptKey) : null;
    if (!attempt) return;
    // A final status never changes (the guarded writes keep to it): a later, different outcome is stale.
    if (isFinalOutcome(attempt.status) && !couldBe(outcome, attempt.status)) return;
    const settled = await settle(outcome);
    if (!settled) return;
    const once = { key: `${kind}:${sid}:${status}`, kind, callSid: kind === 'voice-status' ? sid : null, messageSid: kind === 'sms-status' ? sid : null };
    await reportOutcomeOnce(ctx, once, attempt, settled, sid);
  }

  r.post('/voice/status', async (req, res) => {
    const callSid = field(req.body, 'CallSid');
    const status = field(req.body, 'CallStatus');
    let outcome: Outcome = CALL_OUTCOMES[status] ?? null;
    if (status === 'completed') {
      // Answered: by a machine, by a person who pressed a key, or by a person who did not.
      const machine = isMachine(field(req.body, 'AnsweredBy'));
      outcome = machine
        ? 'machine'
        : { may: ANSWERED_ENDS, ask: async () => ((await ctx.receipts.exists({ callSid, kind: 'voice-action' })) ? 'answered' : 'completed_without_keypress') };
    }
    await handle('voice-status', queryParam(req.query, 'attempt'), callSid, status, outcome, queryParam(req.query, 'bundle'));
    sendTwiml(res, emptyTwiml());
  });

  r.post('/sms/status', async (req, res) => {
    const status = field(req.body, 'MessageStatus') || field(req.body, 'SmsStatus');
    const sid = field(req.body, 'MessageSid') || field(req.body, 'SmsSid');
    // n=1: the text carried one page (older texts' URLs have no n, and read their bundle).
    const single = queryParam(req.query, 'n') === '1';
    await handle('sms-status', queryParam(req.query, 'attempt'), sid, status, SMS_OUTCOMES[status] ?? null, queryParam(req.query, 'bundle'), !single);
    sendTwiml(res, emptyTwiml());
  });

  return r;
}

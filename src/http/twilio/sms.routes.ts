import { Router } from 'express';
import { TRY_LATER_REPLY } from '../../domain/sms-command-replies';
import { TemporalUnavailableError } from '../../temporal/engine-errors';
import type { TwilioContext } from './context';
import { replyToSms } from './sms-reply.service';
import { emptyTwiml, field, messageTwiml, sendTwiml } from './twiml';

/** Texts sent to Nightline's number: replies to pages, STOP/START/HELP. */
export function smsRoutes(ctx: TwilioContext): Router {
  const r = Router();

  r.post('/sms/incoming', async (req, res) => {
    const sid = field(req.body, 'MessageSid') || field(req.body, 'SmsSid');
    if (!sid) return sendTwiml(res, emptyTwiml());
    const key = `sms-in:${sid}`;
    // A replayed MessageSid changes nothing and is not answered again (the first answer was already sent).
    const claim = await ctx.receipts.claim(key, { kind: 'sms-incoming', messageSid: sid });
    if (!claim.first) return sendTwiml(res, emptyTwiml());
    let xml: string;
    try {
      const reply = await replyToSms(ctx, {
        from: field(req.body, 'From'),
        body: field(req.body, 'Body'),
        optOutType: field(req.body, 'OptOutType'),
      });
      xml = reply === null ? emptyTwiml() : messageTwiml(reply);
    } catch (err) {
      await ctx.receipts.release(key).catch(() => undefined);
      if (!(err instanceof TemporalUnavailableError)) throw err;
      ctx.log.warn({ err, messageSid: sid }, 'SMS reply could not reach the workflow engine');
      return sendTwiml(res, messageTwiml(TRY_LATER_REPLY));
    }
    await ctx.receipts.complete(key, xml);
    sendTwiml(res, xml);
  });

  return r;
}

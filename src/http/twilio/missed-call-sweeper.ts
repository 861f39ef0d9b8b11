import { getPhoneLine } from '../../db/phone-line.repository';
import type { TwilioContext } from './context';
import { deletedLine, raiseCallAlert } from './inbound-line.service';

/** How often the API retries the alerts of calls that reached nobody while Temporal (or Mongo) was away. */
export const SWEEP_EVERY_MS = 30_000;
const BATCH = 20;


/**
 * Raises the alert of every call that reached nobody and still has none: its webhooks tried (voicemail,
 * final status) but Temporal was down each time, and Twilio does not call again. Returns how many it raised.
 */
export async function retryMissedCallAlerts(ctx: TwilioContext, now = new Date()): Promise<number> {
  let raised = 0;
  for (const call of await ctx.calls.dueForAlert(now, BATCH)) {
    // A line deleted since the call still owes its caller an alert: with no targets left, the admins get it.
    const line = (await getPhoneLine(ctx.conn, call.lineId)) ?? deletedLine(call);
    try {
      if (await raiseCallAlert(ctx, line, call.callSid)) raised++;
    } catch (err) {
      ctx.log.warn({ err, callSid: call.callSid }, 'still cannot raise the alert of a missed call; will retry');
    }
  }
  if (raised > 0) ctx.log.info({ raised }, 'raised the alerts of missed calls');
  return raised;
}

/** Runs retryMissedCallAlerts every `everyMs` (one sweep at a time); returns a function that stops it. */
export function startMissedCallSweeper(ctx: TwilioContext, everyMs = SWEEP_EVERY_MS): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    running = retryMissedCallAlerts(ctx)
      .catch((err: unknown) => ctx.log.error({ err }, 'missed-call sweep failed'))
      .finally(() => (busy = false));
  }, everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}

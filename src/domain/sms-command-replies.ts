import type { SmsAction } from './sms-command';

/** Replies to texts sent to Nightline; short enough for one SMS segment where the alert title allows. */

const SEGMENT = 160;

export const HELP_REPLY =
  'Nightline pager: reply 1 or ACK to acknowledge, 2 or ESC to escalate, 3 or RESOLVE to resolve. Add the #code for a given page, e.g. ACK 42. STOP ends texts.';
export const STOP_REPLY =
  'Nightline: you will get no more SMS pages on this number. Phone calls continue. Reply START to get SMS pages again.';
export const START_REPLY = 'Nightline: SMS pages are on again for this number. Reply HELP for help.';
export const UNKNOWN_SENDER_REPLY =
  'Nightline: this number does not belong to anyone on call here, so nothing was changed. Ask your admin to add it.';
export const NO_PAGES_REPLY = 'Nightline: you have no pages to act on.';
export const TRY_LATER_REPLY = 'Nightline could not act on that just now. Please try again in a minute.';

export const unknownCodeReply = (code: number) =>
  `Nightline: no page #${code} was sent to you, so nothing was changed. Reply HELP for help.`;

export const notUnderstoodReply = (body: string) =>
  `Nightline did not understand "${clip(body.trim(), 30)}". Reply 1 ack, 2 escalate, 3 resolve, optionally with the #code (ACK 42).`;

const DONE: Record<SmsAction, string> = {
  acknowledge: 'Acknowledged; paging stopped.',
  escalate: 'Escalated; the next level is being paged.',
  resolve: 'Resolved.',
};

export interface ReplyAlert {
  /** What the person knows the alert as: their short code, or the alert reference. */
  ref: string;
  title: string;
}

/** The confirmation names the alert it touched, so a reply without a code cannot act silently on the wrong one. */
export function actionReply(
  action: SmsAction,
  alert: ReplyAlert,
  r: { ok: boolean; message: string; exhausted?: boolean },
): string {
  let outcome: string;
  if (r.ok && action === 'escalate' && r.exhausted) outcome = 'Nobody further to escalate to; the alert stays open.';
  else if (r.ok) outcome = DONE[action];
  else outcome = `Nothing changed: ${r.message}.`;
  const head = `Nightline #${alert.ref} `;
  const room = SEGMENT - head.length - outcome.length - 2;
  return `${head}${clip(alert.title, Math.max(room, 20))}: ${outcome}`;
}

function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 3)}...`;
}

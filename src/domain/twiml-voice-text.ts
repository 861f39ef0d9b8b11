import { DateTime } from 'luxon';
import type { Severity } from './escalation.types';

/** What the page call says. Pure text; the TwiML around it is built in src/http/twilio/. */

export interface SpokenAlert {
  severity: Severity;
  title: string;
  source: string;
  /** Who is being paged. */
  personName: string;
}

export const MENU_TEXT =
  'Press 1 to acknowledge. Press 2 to escalate to the next person. Press 3 to resolve. Press 9 to hear this again.';

/** Text-to-speech reads "api-prod" badly and "&" not at all; keep what is said plain. */
export function speakable(s: string): string {
  return s
    .replace(/[_\-/]+/g, ' ')
    .replace(/&/g, ' and ')
    .replace(/[<>#*{}[\]|\\^~`]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function pageIntroText(a: SpokenAlert): string {
  const source = a.source ? `, from ${speakable(a.source)}` : '';
  return `Hello ${speakable(a.personName)}. This is Nightline with a ${a.severity} alert: ${speakable(a.title)}${source}. You are being paged.`;
}

export const machineMessageText = (a: SpokenAlert) =>
  `This is Nightline for ${speakable(a.personName)}: a ${a.severity} alert, ${speakable(a.title)}. Please check your text messages. Goodbye.`;

export const wrongDigitText = (digits: string) =>
  digits ? `Sorry, ${digits.split('').join(' ')} is not an option.` : 'Sorry, I did not get that.';

export const NO_INPUT_GOODBYE = 'No key was pressed, so the alert is not acknowledged. Goodbye.';
export const PAGE_GONE = 'This Nightline page is no longer available. Goodbye.';
export const TRY_AGAIN = 'Sorry, Nightline could not record your choice just now. Please try again.';
export const GOODBYE = 'Goodbye.';

/** The spoken confirmation of a keypress, from the outcome the alert engine reported. */
export function confirmationText(
  action: 'acknowledge' | 'escalate' | 'resolve',
  r: { ok: boolean; message: string; exhausted?: boolean; level?: number },
): string {
  if (!r.ok) return `Nothing changed: ${speakable(r.message)}. ${GOODBYE}`;
  if (action === 'acknowledge') return `Acknowledged. Paging has stopped. ${GOODBYE}`;
  if (action === 'resolve') return `Resolved. Thank you. ${GOODBYE}`;
  if (r.exhausted) return `There is nobody further to escalate to. The alert stays open. ${GOODBYE}`;
  return `Escalated${r.level === undefined ? '' : ` to level ${r.level + 1}`}. The next person is being paged now. ${GOODBYE}`;
}

/**
 * A page answered after someone acknowledged the alert: who did and when (HH:MM in the listener's own zone),
 * and the one thing left to do. The full menu is not replayed: the alert is handled.
 */
export function acknowledgedPageText(ack: { by: string | null; at: Date | null; timezone: string }): string {
  const when = ack.at ? ` at ${DateTime.fromJSDate(ack.at, { zone: ack.timezone }).toFormat('HH:mm')}` : '';
  return `This alert was already acknowledged by ${speakable(ack.by ?? 'someone')}${when}. Press 3 to resolve it, or hang up.`;
}

export const alreadyAcknowledgedGoodbye = (by: string | null) =>
  `This alert is acknowledged by ${speakable(by ?? 'someone')}. Nothing changed. ${GOODBYE}`;

import {
  GOODBYE,
  MENU_TEXT,
  NO_INPUT_GOODBYE,
  pageIntroText,
  type SpokenAlert,
} from '../../domain/twiml-voice-text';
import { hookUrl, VoiceResponse } from './twiml';

/** Seconds to wait for a key after each menu. */
export const GATHER_TIMEOUT_SECONDS = 6;
/** The menu is said once, then repeated twice, before the call gives up. */
export const MENU_PLAYS = 3;

/**
 * The page menu: the alert (unless `intro` is false), then "press 1 ...". Each <Gather> that hears nothing
 * falls through to the next, so no input repeats the menu twice and then hangs up, unacknowledged.
 */
export function pageMenuTwiml(
  publicUrl: string,
  attemptKey: string,
  alert: SpokenAlert,
  opts: { intro: boolean; prefix?: string },
): string {
  const r = new VoiceResponse();
  const action = hookUrl(publicUrl, '/voice/page/digits', { attempt: attemptKey });
  for (let i = 0; i < MENU_PLAYS; i++) {
    const g = r.gather({ input: ['dtmf'], numDigits: 1, action, method: 'POST', timeout: GATHER_TIMEOUT_SECONDS });
    if (i === 0 && opts.prefix) g.say(opts.prefix);
    if (i === 0 && opts.intro) g.say(pageIntroText(alert));
    g.say(MENU_TEXT);
  }
  r.say(NO_INPUT_GOODBYE);
  r.hangup();
  return r.toString();
}

/** After an acknowledgement: one sentence and one key (3 resolves), no menu loop. */
export function acknowledgedPageTwiml(publicUrl: string, attemptKey: string, text: string): string {
  const r = new VoiceResponse();
  const action = hookUrl(publicUrl, '/voice/page/digits', { attempt: attemptKey });
  r.gather({ input: ['dtmf'], numDigits: 1, action, method: 'POST', timeout: GATHER_TIMEOUT_SECONDS }).say(text);
  r.say(GOODBYE);
  r.hangup();
  return r.toString();
}

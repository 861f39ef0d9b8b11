import type { BundleMember } from '../../domain/page-bundle';
import { BUNDLE_MENU_TEXT, bundleIntroText, bundleItemMenuText, bundleItemText } from '../../domain/page-bundle';
import { NO_INPUT_GOODBYE } from '../../domain/twiml-voice-text';
import { GATHER_TIMEOUT_SECONDS, MENU_PLAYS } from './page-call.twiml';
import { hookUrl, VoiceResponse } from './twiml';

/** Which menu a keypress answers: the bundle's own ("all"), or the one-by-one listing's alert N. */
export type BundleItem = 'all' | number;

/** Three plays of a menu (each Gather that hears nothing falls through to the next), then goodbye. */
function menu(publicUrl: string, bundleId: string, item: BundleItem, lines: { first: string[]; repeat: string[] }): string {
  const r = new VoiceResponse();
  const action = hookUrl(publicUrl, '/voice/bundle/digits', { bundle: bundleId, item: String(item) });
  for (let i = 0; i < MENU_PLAYS; i++) {
    const g = r.gather({ input: ['dtmf'], numDigits: 1, action, method: 'POST', timeout: GATHER_TIMEOUT_SECONDS });
    for (const line of i === 0 ? lines.first : lines.repeat) g.say(line);
  }
  r.say(NO_INPUT_GOODBYE);
  r.hangup();
  return r.toString();
}

/** "You have 7 unacknowledged alerts, the worst is critical: ... Press 1 to acknowledge all of them, 2 ..." */
export function bundleMenuTwiml(publicUrl: string, bundleId: string, personName: string, announced: BundleMember[], opts: { intro: boolean; prefix?: string }): string {
  const first = [...(opts.prefix ? [opts.prefix] : []), ...(opts.intro ? [bundleIntroText(personName, announced)] : []), BUNDLE_MENU_TEXT];
  return menu(publicUrl, bundleId, 'all', { first, repeat: [BUNDLE_MENU_TEXT] });
}

/** One alert of the one-by-one listing, with its own acknowledge key. */
export function bundleItemTwiml(publicUrl: string, bundleId: string, announced: BundleMember[], i: number, prefix?: string): string {
  const m = announced[i];
  if (!m) throw new Error(`no alert ${i} in bundle ${bundleId}`);
  const last = i === announced.length - 1;
  const about = bundleItemText(i, announced.length, m);
  return menu(publicUrl, bundleId, i, { first: [...(prefix ? [prefix] : []), about, bundleItemMenuText(last)], repeat: [about, bundleItemMenuText(last)] });
}

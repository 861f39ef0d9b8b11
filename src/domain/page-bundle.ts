import type { Severity } from './escalation.types';
import { speakable } from './twiml-voice-text';

/**
 * One person, one phone: pages for the same person and channel that arrive while a call or text is queued
 * (or ringing, for a call) join it as a bundle. Pure rules and texts; storage in src/db/page-bundle.*.
 */

/** One alert carried by a bundle. */
export interface BundleMember {
  /** The member's notification-attempt key (its own at-least-once record). */
  key: string;
  alertId: string;
  severity: Severity;
  title: string;
  /** When the page was asked for (ISO): ties between equal severities go to the oldest. */
  at: string;
}

export const SEVERITY_RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3 };

/** Lower goes first: the pacer's priority of a page of this severity. */
export const pagePriority = (severity: Severity): number => SEVERITY_RANK[severity];

/** The members, worst severity first, then oldest first (the order they are read out and listed). */
export function worstFirst<M extends Pick<BundleMember, 'severity' | 'at'>>(members: readonly M[]): M[] {
  return [...members].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || a.at.localeCompare(b.at));
}

/**
 * How long after a call went out it may still be joined. Twilio rings a call for at most its Timeout (60 s by
 * default, which pages keep) before it ends as no-answer, and an answer seals the bundle; so a call placed longer
 * ago than this has been answered or has ended, and only its status callback is missing (lost on the way, or sent
 * while no process could take it). A page that joined it would go nowhere: it opens the next bundle instead. Should
 * the old call somehow still ring, the person gets a second call, which is the safe side.
 */
export const CALL_JOINABLE_MS = 2 * 60_000;

/** Whether a page may still join this bundle: a waiting one, or a call placed recently enough to still ring. */
export function joinable(b: { channel: 'phone_call' | 'sms'; status: string; sentAt: Date | null }, now: Date): boolean {
  if (b.status === 'open') return true;
  if (b.channel === 'sms') return false;
  if (b.status === 'dialling') return true;
  return b.status === 'placed' && !!b.sentAt && now.getTime() - b.sentAt.getTime() < CALL_JOINABLE_MS;
}

/**
 * A text is composed when it is sent, so nothing could ever join one sent at once: a new text bundle waits
 * this long (never more than the throttle) for the pages of the same storm, such as the SMS fallbacks of
 * every alert a voicemail took. A call needs no such wait: it can be joined until it is answered.
 */
export const SMS_GATHER_MS = 1_000;

/**
 * The gather of a text that falls back for a call that did not reach its person. Every alert a missed bundle
 * call carried falls back at once, but each through its own workflow, which a busy worker runs seconds apart;
 * the call has rung for half a minute already, so a few more seconds buy one text instead of several.
 */
export const SMS_FALLBACK_GATHER_MS = 5_000;

/**
 * When a new bundle may go out: at once (a text: after the gather), or one throttle interval after the
 * person's previous call (or text) on that channel went out. A critical page is never held back longer
 * than `criticalCapMs` (the fleet default), even when the person's own throttle is longer.
 */
export function bundleDueAt(o: {
  now: number;
  previousSentAt: number | null;
  throttleMs: number;
  severity: Severity;
  criticalCapMs: number;
  gatherMs?: number;
}): number {
  const hold = o.severity === 'critical' ? Math.min(o.throttleMs, o.criticalCapMs) : o.throttleMs;
  const earliest = o.now + Math.min(o.gatherMs ?? 0, hold);
  return o.previousSentAt === null ? earliest : Math.max(earliest, o.previousSentAt + hold);
}

/** The short name a timeline shows: `b-` and the bundle's own ID. */
export const bundleRef = (id: string) => `b-${id}`;

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/** The timeline's words for the bundle that carried an alert: "bundle b-1a2b3c, 7 alerts". */
export const bundleLabel = (b: { id: string; size: number }) => `bundle ${bundleRef(b.id)}, ${plural(b.size, 'alert')}`;

/** What a bundle call says first (members worst first). */
export function bundleIntroText(personName: string, members: readonly Pick<BundleMember, 'severity' | 'title'>[]): string {
  const [worst] = members;
  const what = worst ? ` The worst is ${worst.severity}: ${speakable(worst.title)}.` : '';
  return `Hello ${speakable(personName)}. This is Nightline. You have ${members.length} unacknowledged alerts.${what}`;
}

export const BUNDLE_MENU_TEXT = 'Press 1 to acknowledge all of them. Press 2 to hear them one by one. Press 9 to hear this again.';

/** One alert of the one-by-one listing. */
export function bundleItemText(i: number, total: number, m: Pick<BundleMember, 'severity' | 'title'>): string {
  return `Alert ${i + 1} of ${total}, ${m.severity}: ${speakable(m.title)}.`;
}
export const bundleItemMenuText = (last: boolean) =>
  last ? 'Press 1 to acknowledge this alert. Press 2 to end the call.' : 'Press 1 to acknowledge this alert. Press 2 for the next one.';

export const bundleAckAllText = (n: number) => `${plural(n, 'alert')} acknowledged. Paging has stopped for them. Goodbye.`;
export const BUNDLE_ITEM_ACKED = 'Acknowledged.';
export const BUNDLE_LAST_GOODBYE = 'That was the last alert. Goodbye.';
export const BUNDLE_ALL_HANDLED = 'These alerts were already acknowledged or resolved. Goodbye.';

export const bundleMachineText = (personName: string, n: number) =>
  `This is Nightline for ${speakable(personName)}: ${plural(n, 'unacknowledged alert')}. Please check your text messages. Goodbye.`;

/**
 * One text for a bundle: a line per alert with the person's reply code, worst first, then how to act on
 * one or all. Not clipped to one segment (a list of alerts is worth a few segments more than a dozen texts),
 * but never longer than Twilio accepts: the alerts that do not fit are counted on a "+N more" line.
 */
export function bundleSmsText(members: readonly (Pick<BundleMember, 'severity' | 'title'> & { code: string })[], maxChars = SMS_MAX_CHARS): string {
  const head = `Nightline: ${members.length} unacknowledged alerts`;
  const foot = 'Reply 1 #code to ack one, 1 ALL to ack all';
  const more = (n: number) => `+${n} more (1 ALL acks them too)`;
  const lines: string[] = [];
  let used = head.length + 1 + foot.length;
  for (const [i, m] of members.entries()) {
    const line = `#${m.code} ${m.severity.toUpperCase()}: ${clip(m.title, 60)}`;
    const left = members.length - i - 1;
    // Room for this line, and for the "+N more" line if any come after it.
    if (used + line.length + 1 + (left > 0 ? more(left).length + 1 : 0) > maxChars) {
      lines.push(more(members.length - i));
      break;
    }
    lines.push(line);
    used += line.length + 1;
  }
  return [head, ...lines, foot].join('\n');
}

/** Twilio refuses a message body longer than this (error 21617), so a bundle's text never is. */
export const SMS_MAX_CHARS = 1600;

/**
 * The most alerts one bundle carries: the next page opens the person's next bundle, which goes out one throttle
 * interval after it. Every join rewrites the bundle with all its members, so without a bound a storm to one
 * person slows down as it goes (quadratic: unbounded, the embedded Mongo-wire server paged a 10,000-alert storm
 * to one person at about 9 alerts a second over its first 12 minutes, with 6,308 alerts in the first call; with
 * this bound, about 12), and one document could approach MongoDB's 16 MB limit.
 * A bound of 100 was too tight: a 10,000-alert storm went out at 100 alerts a minute.
 */
export const MAX_BUNDLE_MEMBERS = 1000;

/**
 * The most members a bundle's text can list (a line is at least `#1 LOW: x`, 9 characters): reply codes are
 * only allocated for these; the rest are counted in the "+N more" line.
 */
export const MAX_SMS_LISTED = Math.ceil(SMS_MAX_CHARS / 10);

function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 3)}...`;
}

/** The answer to "1 ALL": what was done to how many of the bundle's alerts, by their codes. */
export function bundleSmsReply(action: 'acknowledge' | 'resolve', done: string[], skipped: number): string {
  const verb = action === 'acknowledge' ? 'Acknowledged' : 'Resolved';
  const head = done.length === 0 ? 'Nothing changed' : `${verb} ${plural(done.length, 'alert')}: ${done.map((c) => `#${c}`).join(' ')}`;
  return skipped > 0 ? `${head} (${skipped} already handled).` : `${head}.`;
}
export const NO_BUNDLE_REPLY = 'No text listing several alerts was sent to you recently. Reply 1 #code to act on one alert.';

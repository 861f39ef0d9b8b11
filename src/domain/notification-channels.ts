import type { NotifyChannel, Severity } from './escalation.types';

/**
 * Channel choice for one person and one page. Pure: `now` is passed in. Uses Intl only (no luxon), so the
 * workflow can call it with workflow time.
 */

export type PrefChannel = 'phone_call' | 'sms' | 'email' | 'slack';
export type WrittenChannel = 'email' | 'slack';

export interface NotificationPrefs {
  channels: PrefChannel[];
  /** 'HH:mm' wall times in the person's time zone; end <= start spans midnight. */
  quietHours?: { start: string; end: string } | null;
  /**
   * This person's own throttle: at most one call (and one text) per this many seconds, pages in between join
   * the next bundle. Absent: the fleet's PAGE_THROTTLE_SECONDS. A critical page never waits longer than the fleet's.
   */
  pageThrottleSeconds?: number;
}

export interface ChannelPlan {
  /** Channels to deliver on now. Email and Slack without a configured provider are reported by their activity. */
  deliver: NotifyChannel[];
  /** Chosen channels held back, recorded on the timeline rather than pretended. */
  skipped: { channel: PrefChannel; reason: string }[];
  /** Set when the page must wait for quiet hours to end (medium/low only); deliver is then empty. */
  deferUntil?: Date;
  /**
   * Channels that wait until the quiet hours end (the workflow sends them then, unless the alert was
   * acknowledged or resolved meanwhile). High alerts: email and Slack, the text going now. Medium/low: every
   * channel, for a person in quiet hours on a level where someone else is paged now (when everyone is quiet
   * the whole level waits instead, deferUntil).
   */
  later?: { channels: Array<'sms' | WrittenChannel>; at: Date };
  /** Why the plan looks as it does, for the timeline. */
  note?: string;
}

/** Why written channels were held back, on the timeline of alerts that ran before they waited instead. */
export const HELD_BACK = 'quiet hours: held back on a non-critical alert';
const DAY_MIN = 24 * 60;

/**
 * Critical: a call (and SMS, email, Slack when chosen), quiet hours or not. High: the chosen phone
 * channels (SMS when none), plus email and Slack; in quiet hours a text now instead of a call, and email
 * and Slack wait until the quiet hours end. Medium/low: SMS, email and Slack as chosen (SMS when none), and
 * all of them wait out quiet hours.
 */
export function chooseChannels(input: {
  severity: Severity;
  prefs: NotificationPrefs | null | undefined;
  timezone: string;
  now: Date;
}): ChannelPlan {
  const chosen = input.prefs?.channels ?? [];
  const quiet = quietHoursEnd(input.prefs?.quietHours, input.timezone, input.now);
  const written = (['email', 'slack'] as const).filter((c) => chosen.includes(c));

  switch (input.severity) {
    case 'critical': {
      const deliver: NotifyChannel[] = ['phone_call'];
      if (chosen.includes('sms')) deliver.push('sms');
      return { deliver: [...deliver, ...written], skipped: [], note: quiet ? 'critical: quiet hours do not hold back a page' : undefined };
    }
    case 'high': {
      if (quiet) return { deliver: ['sms'], skipped: [], ...(written.length ? { later: { channels: written, at: quiet } } : {}), note: 'quiet hours: SMS instead of a call' };
      const phone = (['phone_call', 'sms'] as const).filter((c) => chosen.includes(c));
      if (phone.length === 0) return { deliver: ['sms', ...written], skipped: [], note: 'no phone channel chosen: SMS too' };
      return { deliver: [...phone, ...written], skipped: [] };
    }
    default: {
      const sms: Array<'sms'> = chosen.includes('sms') || written.length === 0 ? ['sms'] : [];
      if (quiet) return { deliver: [], skipped: [], deferUntil: quiet, later: { channels: [...sms, ...written], at: quiet }, note: 'quiet hours: waiting until they end' };
      return { deliver: [...sms, ...written], skipped: [] };
    }
  }
}

/** When `now` lies inside the quiet hours: the instant they end; otherwise undefined. */
export function quietHoursEnd(
  quietHours: { start: string; end: string } | null | undefined,
  timezone: string,
  now: Date,
): Date | undefined {
  if (!quietHours) return undefined;
  const start = parseWallTime(quietHours.start);
  const end = parseWallTime(quietHours.end);
  if (start === undefined || end === undefined || start === end) return undefined;
  const local = localMinutes(now, timezone);
  const inside = start < end ? local >= start && local < end : local >= start || local < end;
  if (!inside) return undefined;
  const startOfMinute = now.getTime() - (now.getTime() % 60_000);
  let candidate = startOfMinute + ((end - local + DAY_MIN) % DAY_MIN) * 60_000;
  // A DST change inside the quiet hours shifts the wall clock: correct once by the observed difference.
  const drift = ((end - localMinutes(new Date(candidate), timezone) + DAY_MIN + 720) % DAY_MIN) - 720;
  candidate += drift * 60_000;
  return new Date(candidate);
}

function parseWallTime(s: string): number | undefined {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(s);
  return m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
}

/** Minutes since local midnight in `timezone` (falls back to UTC for an unknown zone). */
function localMinutes(at: Date, timezone: string): number {
  let fmt: Intl.DateTimeFormat;
  try {
    fmt = new Intl.DateTimeFormat('en-GB', { timeZone: timezone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  } catch {
    fmt = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  }
  const parts = fmt.formatToParts(at);
  const hour = Number(parts.find((p) => p.type === 'hour')?.value ?? 0);
  const minute = Number(parts.find((p) => p.type === 'minute')?.value ?? 0);
  return hour * 60 + minute;
}

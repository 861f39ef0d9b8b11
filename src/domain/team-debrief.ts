import { DateTime } from 'luxon';
import { DEFAULT_DEBRIEF_TIME } from './debrief';
import type { NoticeChannel, NoticePrefs } from './notice-prefs';

/**
 * When each team's morning debrief goes out, and to whom on which channels. Pure: `now` is passed in.
 */

export interface TeamDebriefSettings {
  enabled: boolean;
  /** 'HH:mm', local to `timezone`. */
  time: string;
  timezone: string;
}

export const DEFAULT_TEAM_DEBRIEF: TeamDebriefSettings = Object.freeze({ enabled: true, time: DEFAULT_DEBRIEF_TIME, timezone: 'UTC' });

/** A team's settings with the defaults filled in. */
export function teamDebriefSettings(stored: Partial<TeamDebriefSettings> | null | undefined): TeamDebriefSettings {
  return {
    enabled: stored?.enabled ?? DEFAULT_TEAM_DEBRIEF.enabled,
    time: stored?.time ?? DEFAULT_TEAM_DEBRIEF.time,
    timezone: stored?.timezone ?? DEFAULT_TEAM_DEBRIEF.timezone,
  };
}

/**
 * The first debrief strictly after `after`: its instant and the local date it is for. On a spring-forward
 * day a time that does not exist moves to the next existing minute (luxon's rule), never to another day.
 */
export function nextTeamDebrief(s: Pick<TeamDebriefSettings, 'time' | 'timezone'>, after: number): { at: number; date: string } {
  const [h, m] = s.time.split(':').map(Number);
  let day = DateTime.fromMillis(after, { zone: s.timezone }).startOf('day');
  for (let i = 0; i < 3; i++) {
    const at = day.set({ hour: h, minute: m, second: 0, millisecond: 0 });
    if (at.toMillis() > after) return { at: at.toMillis(), date: at.toISODate()! };
    day = day.plus({ days: 1 });
  }
  throw new Error(`no debrief time after ${new Date(after).toISOString()}`); // unreachable: a day always has the time
}

/** The send-once key of one person's debrief of one team on one local date and channel. */
export const teamDebriefKey = (teamId: string, date: string, userId: string, channel: NoticeChannel) =>
  `notice:debrief:team:${teamId}:${date}:${userId}:${channel}`;

/**
 * The debrief is a digest of the night, too long for a text: it goes by email and Slack. A person's own
 * debrief channels count when they chose some (the per-topic choice, then their notice channels); only
 * SMS chosen, it goes by email.
 */
export function debriefChannels(prefs: NoticePrefs): Array<'email' | 'slack'> {
  const chosen = prefs.topicChannels?.debrief ?? prefs.channels;
  const written = chosen.filter((c): c is 'email' | 'slack' => c === 'email' || c === 'slack');
  return written.length ? written : ['email'];
}

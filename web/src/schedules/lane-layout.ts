import { DateTime } from 'luxon';

/**
 * Pure geometry and DST facts for the lanes timeline. The axis is real time: every millisecond has the same
 * width, so a 23-hour day is drawn 23/24 as wide as its neighbours and a 25-hour day 25/24 (and both are labelled).
 */

export interface DayCell {
  /** 'YYYY-MM-DD' in the viewer's zone. */
  date: string;
  start: number;
  end: number;
  hours: number;
  /** Set on a day whose length is not 24 hours. */
  dst?: string;
}

/** What a short or long day means, in words. */
export function dstNote(hours: number): string | undefined {
  if (hours < 24) return `${hours}-hour day: clocks go forward`;
  if (hours > 24) return `${hours}-hour day: clocks go back`;
  return undefined;
}

/** The local days (viewer's zone) that [from, to) touches, each with its real length. */
export function daysIn(from: number, to: number, zone: string): DayCell[] {
  const days: DayCell[] = [];
  let d = DateTime.fromMillis(from, { zone }).startOf('day');
  while (d.toMillis() < to && days.length < 62) {
    const next = d.plus({ days: 1 }).startOf('day');
    const hours = Math.round((next.toMillis() - d.toMillis()) / 3_600_000);
    const dst = dstNote(hours);
    days.push({ date: d.toISODate() ?? '', start: d.toMillis(), end: next.toMillis(), hours, ...(dst ? { dst } : {}) });
    d = next;
  }
  return days;
}

/** Left and width of [start, end) on the axis [from, to), in percent, clipped to the axis. */
export function placeOnAxis(start: number, end: number, from: number, to: number): { left: number; width: number } {
  const span = to - from;
  const s = Math.max(start, from);
  const e = Math.min(end, to);
  return { left: ((s - from) / span) * 100, width: (Math.max(0, e - s) / span) * 100 };
}

/** True when `hhmm` does not exist on that local date in `zone` (the spring-forward hour). */
export function wallTimeMissing(date: string, hhmm: string, zone: string): boolean {
  const [hour = 0, minute = 0] = hhmm.split(':').map(Number);
  const d = DateTime.fromISO(date, { zone }).set({ hour, minute });
  return d.hour !== hour || d.minute !== minute;
}

/**
 * A handoff set for a wall time that did not exist that day starts at the first instant after it (the domain's
 * rule): say so, with the time it really starts, e.g. "starts 3:00 AM CDT: 02:30 does not exist on Mar 8".
 */
export function missingHandoffNote(startIso: string, handoffTime: string | null | undefined, zone: string): string | undefined {
  if (!handoffTime) return undefined;
  const start = DateTime.fromISO(startIso, { zone });
  const date = start.toISODate() ?? '';
  if (start.toFormat('HH:mm') === handoffTime || !wallTimeMissing(date, handoffTime, zone)) return undefined;
  // Only the shift that begins at the transition itself was moved; one cut at the view's edge was not.
  if (DateTime.fromMillis(start.toMillis() - 1, { zone }).offset === start.offset) return undefined;
  return `starts ${start.toFormat('h:mm a ZZZZ')}: ${handoffTime} does not exist on ${start.toFormat('LLL d')} (clocks go forward)`;
}

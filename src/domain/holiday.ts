import type { Holiday, HolidayRotation } from './schedule.types';
import { ScheduleError } from './schedule-errors';
import { DAY, localDayStart, parseLocalDate, type ZoneClock } from './wall-clock';

/**
 * A holiday covers the whole local calendar day in the schedule's zone (midnight to midnight, with the
 * usual DST rules for a nonexistent midnight). Fairness: a holiday on month-day D of year Y goes to
 * holidayRotation.members[(ordinal(D) + Y) mod n], ordinal(D) being D's index in a leap-year calendar
 * (Jan 1 = 0, Mar 1 = 60 every year). A fixed-date holiday therefore moves to the next member every
 * year, so over n years each member takes it exactly once: nobody gets every Christmas. The rule reads
 * the date alone, so the answer does not depend on which other holidays are loaded (callers may pass
 * only the holidays near the window they resolve).
 */
export interface HolidayDay {
  date: string;
  name: string;
  /** Index into the holiday rotation (meaningful only when it has members). */
  memberIndex: number;
}

export interface CompiledHolidays {
  byDay: Map<number, HolidayDay>;
  /** Day boundaries of every holiday, as instants. */
  edges: number[];
  memberIds: string[];
}

export function compileHolidays(
  holidays: readonly Holiday[],
  rotation: HolidayRotation | undefined,
  clock: ZoneClock,
): CompiledHolidays {
  const merged = new Map<number, HolidayDay>();
  holidays.forEach((h, i) => {
    const day = parseLocalDate(h.date, `holidays[${i}].date`);
    if (typeof h.name !== 'string') throw new ScheduleError('invalid_holiday', `holidays[${i}].name is required`);
    const prev = merged.get(day);
    merged.set(day, { date: h.date, name: prev ? `${prev.name} / ${h.name}` : h.name, memberIndex: 0 });
  });
  const days = [...merged.keys()].sort((a, b) => a - b);
  const memberIds = (rotation?.members ?? []).map((m) => m.userId);
  const n = memberIds.length;
  const edges: number[] = [];
  for (const day of days) {
    const h = merged.get(day)!;
    h.memberIndex = n ? (monthDayOrdinal(day) + new Date(day).getUTCFullYear()) % n : 0;
    const start = clock.fromLocal(day);
    if (edges[edges.length - 1] !== start) edges.push(start);
    edges.push(clock.fromLocal(day + DAY));
  }
  return { byDay: merged, edges, memberIds };
}

const LEAP_YEAR_START = Date.UTC(2000, 0, 1);

function monthDayOrdinal(localMidnight: number): number {
  const d = new Date(localMidnight);
  return Math.round((Date.UTC(2000, d.getUTCMonth(), d.getUTCDate()) - LEAP_YEAR_START) / DAY);
}

export function holidayAt(c: CompiledHolidays, clock: ZoneClock, t: number): HolidayDay | undefined {
  return c.byDay.size === 0 ? undefined : c.byDay.get(localDayStart(clock.toLocal(t)));
}

import type { Holiday, HolidayRotation } from './schedule.types';
import { ScheduleError } from './schedule-errors';
import { DAY, localDayStart, parseLocalDate, type ZoneClock } from './wall-clock';

/**
 * A holiday covers the whole local calendar day in the schedule's zone (midnight to midnight, with the
 * usual DST rules for a nonexistent midnight). Fairness: the i-th holiday (0-based, by date) of calendar
 * year Y goes to holidayRotation.members[(i + Y) mod n]. Within a year consecutive holidays go to
 * consecutive members, and each holiday moves to the next member every year, so nobody gets every
 * Christmas even when the number of holidays per year is a multiple of n.
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
  let year = NaN;
  let i = 0;
  const edges: number[] = [];
  for (const day of days) {
    const y = new Date(day).getUTCFullYear();
    i = y === year ? i + 1 : 0;
    year = y;
    merged.get(day)!.memberIndex = n ? (i + y) % n : 0;
    const start = clock.fromLocal(day);
    if (edges[edges.length - 1] !== start) edges.push(start);
    edges.push(clock.fromLocal(day + DAY));
  }
  return { byDay: merged, edges, memberIds };
}

export function holidayAt(c: CompiledHolidays, clock: ZoneClock, t: number): HolidayDay | undefined {
  return c.byDay.size === 0 ? undefined : c.byDay.get(localDayStart(clock.toLocal(t)));
}

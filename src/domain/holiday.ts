import type { Holiday, HolidayRotation } from './schedule.types';
import { planHolidays } from './holiday-ledger';
import { ScheduleError } from './schedule-errors';
import { DAY, localDayStart, parseLocalDate, type ZoneClock } from './wall-clock';

/**
 * A holiday covers the whole local calendar day in the schedule's zone (midnight to midnight, with the
 * usual DST rules for a nonexistent midnight). Fairness: planHolidays (holiday-ledger.ts) hands each
 * holiday, in date order, to the member who worked that holiday least recently, reading the rotation's
 * ledger of who worked which holidays. A holiday's assignee therefore depends on the holidays before it:
 * callers pass every holiday up to the window they resolve (the schedule's holidays are few), or a ledger
 * that records the earlier ones.
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
  const plan = planHolidays([...merged.values()], () => memberIds, rotation?.ledger ?? []);
  const byDate = new Map(plan.map((e) => [e.date, e.userId]));
  const edges: number[] = [];
  for (const day of days) {
    const h = merged.get(day)!;
    h.memberIndex = Math.max(0, memberIds.indexOf(byDate.get(h.date) ?? ''));
    const start = clock.fromLocal(day);
    if (edges[edges.length - 1] !== start) edges.push(start);
    edges.push(clock.fromLocal(day + DAY));
  }
  return { byDay: merged, edges, memberIds };
}

export function holidayAt(c: CompiledHolidays, clock: ZoneClock, t: number): HolidayDay | undefined {
  return c.byDay.size === 0 ? undefined : c.byDay.get(localDayStart(clock.toLocal(t)));
}

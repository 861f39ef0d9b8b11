import type { Restriction } from './schedule.types';
import { ScheduleError } from './schedule-errors';
import { DAY, localDayStart, localWeekday, parseWallTime, type ZoneClock } from './wall-clock';

/** Windows in local wall time; each starts on an allowed weekday and lasts at most 24 local hours. */
export interface CompiledRestrictions {
  clock: ZoneClock;
  windows: { days: boolean[] | null; start: number; length: number }[];
}

export function compileRestrictions(
  rs: Restriction[] | undefined,
  clock: ZoneClock,
  field: string,
): CompiledRestrictions | null {
  if (!rs || rs.length === 0) return null;
  const windows = rs.map((r, i) => {
    const f = `${field}.restrictions[${i}]`;
    const start = parseWallTime(r.start, `${f}.start`);
    const end = parseWallTime(r.end, `${f}.end`);
    let days: boolean[] | null = null;
    if (r.days && r.days.length > 0) {
      days = Array<boolean>(7).fill(false);
      for (const d of r.days) {
        if (!Number.isInteger(d) || d < 0 || d > 6) throw new ScheduleError('invalid_day', `${f}.days: 0 to 6 only`);
        days[d] = true;
      }
    }
    return { days, start, length: end > start ? end - start : end - start + DAY };
  });
  return { clock, windows };
}

/** Calls `f(startInstant, endInstant)` for every window starting on a local day in [fromDay, toDay]. */
function eachWindow(c: CompiledRestrictions, fromDay: number, toDay: number, f: (s: number, e: number) => void): void {
  for (let day = fromDay; day <= toDay; day += DAY) {
    const wd = localWeekday(day);
    for (const w of c.windows) {
      if (w.days && !w.days[wd]) continue;
      f(c.clock.fromLocal(day + w.start), c.clock.fromLocal(day + w.start + w.length));
    }
  }
}

export function isActive(c: CompiledRestrictions | null, at: number): boolean {
  if (!c) return true;
  // A window lasts at most 24 local hours, so only windows starting yesterday or today can hold `at`.
  const today = localDayStart(c.clock.toLocal(at));
  for (let day = today - DAY; day <= today; day += DAY) {
    const wd = localWeekday(day);
    for (const w of c.windows) {
      if (w.days && !w.days[wd]) continue;
      if (c.clock.fromLocal(day + w.start) <= at && at < c.clock.fromLocal(day + w.start + w.length)) return true;
    }
  }
  return false;
}

/** Window edges in (lo, hi). */
export function restrictionEdgesIn(c: CompiledRestrictions, lo: number, hi: number, out: number[]): void {
  const fromDay = localDayStart(c.clock.toLocal(lo)) - DAY;
  const toDay = localDayStart(c.clock.toLocal(hi)) + DAY;
  eachWindow(c, fromDay, toDay, (s, e) => {
    if (s > lo && s < hi) out.push(s);
    if (e > lo && e < hi) out.push(e);
  });
}

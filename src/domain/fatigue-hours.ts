import { DateTime } from 'luxon';

/** On-call hours by kind of time, in the person's own zone. Each hour counts in exactly one bucket. */
export interface HoursSplit {
  total: number;
  /** Monday to Friday, 09:00–17:00, not a holiday. */
  business: number;
  /** Monday to Friday outside 09:00–17:00, not a holiday. */
  afterHours: number;
  /** Saturday and Sunday, not a holiday. */
  weekend: number;
  /** Any time on a holiday's local date. */
  holiday: number;
}

export const BUSINESS_DAY = { startHour: 9, endHour: 17 };
const HOUR_MS = 3_600_000;

export const emptySplit = (): HoursSplit => ({ total: 0, business: 0, afterHours: 0, weekend: 0, holiday: 0 });

function bucketOf(local: DateTime, holidays: ReadonlySet<string>): Exclude<keyof HoursSplit, 'total'> {
  if (holidays.has(local.toISODate() ?? '')) return 'holiday';
  if (local.weekday >= 6) return 'weekend';
  return local.hour >= BUSINESS_DAY.startHour && local.hour < BUSINESS_DAY.endHour ? 'business' : 'afterHours';
}

/** The next local instant after `t` where the bucket may change: 09:00, 17:00 or midnight. */
function nextBoundary(t: DateTime): DateTime {
  const day = t.startOf('day');
  const marks = [day.set({ hour: BUSINESS_DAY.startHour }), day.set({ hour: BUSINESS_DAY.endHour }), day.plus({ days: 1 })];
  return marks.find((m) => m.toMillis() > t.toMillis()) ?? day.plus({ days: 1 });
}

/** Adds [start, end) to `into`, split at the person's local business-day and date boundaries (DST-aware). */
export function addSplitHours(into: HoursSplit, start: number, end: number, zone: string, holidays: ReadonlySet<string>): void {
  let t = DateTime.fromMillis(start, { zone });
  while (t.toMillis() < end) {
    const stop = Math.min(nextBoundary(t).toMillis(), end);
    const hours = (stop - t.toMillis()) / HOUR_MS;
    into[bucketOf(t, holidays)] += hours;
    into.total += hours;
    t = DateTime.fromMillis(stop, { zone });
  }
}

export const roundSplit = (s: HoursSplit): HoursSplit => ({
  total: round2(s.total),
  business: round2(s.business),
  afterHours: round2(s.afterHours),
  weekend: round2(s.weekend),
  holiday: round2(s.holiday),
});

export const round2 = (n: number) => Math.round(n * 100) / 100;

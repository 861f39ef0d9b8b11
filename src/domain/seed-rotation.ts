import { DateTime } from 'luxon';
import { ScheduleError } from './schedule-errors';

/** The rotation fields of a seed-shaped schedule, which names who is on call now instead of a start date. */
export interface SeedRotation {
  rotationType: 'daily' | 'weekly' | 'custom';
  handoffTime: string;
  handoffDay?: number;
  periodDays?: number;
  periodHours?: number;
  memberCount: number;
  /** Index of the member on call at `now` (the seed's `currentIndex`); wraps modulo the member count. */
  currentIndex: number;
}

/**
 * The startDate that puts members[currentIndex] on call at `now`: the last handoff at or before `now`,
 * moved back by currentIndex shifts so members keep their order. Nothing stores an index afterwards, so
 * nothing can drift: from here on the rotation is recomputed from the instant like any other.
 */
export function startDateForCurrentIndex(r: SeedRotation, timezone: string, now: Date): string {
  if (r.memberCount < 1) throw new ScheduleError('empty_rotation', 'members must have at least one member');
  const [h, m] = r.handoffTime.split(':').map(Number) as [number, number];
  const local = DateTime.fromJSDate(now, { zone: timezone });
  let last = local.startOf('day').set({ hour: h, minute: m });
  if (last > local) last = last.minus({ days: 1 });
  let periodDays = 1;
  if (r.rotationType === 'weekly') {
    periodDays = 7;
    const day = r.handoffDay ?? last.weekday % 7;
    last = last.minus({ days: (last.weekday % 7 - day + 7) % 7 });
  } else if (r.rotationType === 'custom') {
    if (r.periodDays === undefined) {
      throw new ScheduleError('start_date_required', 'a custom rotation in hours needs startDate (currentIndex alone cannot place it)');
    }
    periodDays = r.periodDays;
  }
  const index = ((r.currentIndex % r.memberCount) + r.memberCount) % r.memberCount;
  return last.minus({ days: index * periodDays }).toISODate() ?? '';
}

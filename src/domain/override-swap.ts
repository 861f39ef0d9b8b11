import type { Override, Schedule } from './schedule.types';
import { ScheduleError } from './schedule-errors';
import { resolveOnCall } from './schedule-resolve';

export interface SwapShift {
  userId: string;
  start: Date;
  end: Date;
}

export interface SwapOptions {
  /** Both overrides get this creation time (there is no clock in the domain). */
  createdAt: Date;
  /** Ids for the two overrides; derived from the shifts when omitted. */
  ids?: [string, string];
  reason?: string;
}

function check(schedule: Schedule, s: SwapShift, label: string): void {
  if (!(s.start instanceof Date) || !(s.end instanceof Date) || !(s.start.getTime() < s.end.getTime()))
    throw new ScheduleError('invalid_swap', `${label}: start must be before end`);
  const onCall = resolveOnCall(schedule, s.start).userId;
  if (onCall !== s.userId)
    throw new ScheduleError('invalid_swap', `${label}: ${s.userId} is not on call at ${s.start.toISOString()}`);
}

/**
 * Two members exchange shifts: B takes A's shift and A takes B's. The result is a pair of overrides, each
 * replacing one member only while that member would be on call, so the schedule reverts by itself.
 */
export function swapShifts(schedule: Schedule, a: SwapShift, b: SwapShift, opts: SwapOptions): [Override, Override] {
  if (a.userId === b.userId) throw new ScheduleError('invalid_swap', 'a swap needs two different members');
  check(schedule, a, 'shiftA');
  check(schedule, b, 'shiftB');
  if (a.start < b.end && b.start < a.end) throw new ScheduleError('invalid_swap', 'the two shifts overlap');
  const reason = opts.reason ?? `swap between ${a.userId} and ${b.userId}`;
  const [idA, idB] = opts.ids ?? [`swap:${a.userId}:${a.start.toISOString()}`, `swap:${b.userId}:${b.start.toISOString()}`];
  const cover = (id: string, s: SwapShift, by: string): Override => ({
    id,
    userId: by,
    replacesUserId: s.userId,
    startsAt: new Date(s.start),
    endsAt: new Date(s.end),
    reason,
    createdAt: new Date(opts.createdAt),
  });
  return [cover(idA, a, b.userId), cover(idB, b, a.userId)];
}

import type { Schedule } from './schedule.types';
import { compileHolidays, type CompiledHolidays } from './holiday';
import { compileOverrides, type OverrideIndex } from './override';
import { compileLayer, type CompiledLayer } from './rotation';
import { ScheduleError } from './schedule-errors';
import { compileTimeOff, type TimeOffIndex } from './time-off';
import { zoneClock, type ZoneClock } from './wall-clock';

/** A schedule with its layers parsed and its overrides, time off and holidays sorted for binary search. */
export interface CompiledSchedule {
  source: Schedule;
  clock: ZoneClock;
  layers: CompiledLayer[];
  overrides: OverrideIndex;
  timeOff: TimeOffIndex;
  holidays: CompiledHolidays;
  /** The arrays it was built from: a changed reference or length means the schedule was edited. */
  fingerprint: unknown[];
}

const cache = new WeakMap<Schedule, CompiledSchedule>();

const fingerprintOf = (s: Schedule): unknown[] => {
  const parts: unknown[] = [s.timezone, s.layers, s.overrides, s.timeOff, s.holidays, s.holidayRotation];
  return [...parts, s.layers?.length, s.overrides?.length, s.timeOff?.length, s.holidays?.length];
};

/**
 * Compiles (and memoises per schedule object) everything resolution needs. Treat a Schedule as immutable:
 * replacing or growing its arrays is detected, editing an element in place is not.
 */
export function compileSchedule(s: Schedule): CompiledSchedule {
  const fp = fingerprintOf(s);
  const hit = cache.get(s);
  if (hit && hit.fingerprint.every((v, i) => v === fp[i])) return hit;
  if (!s || !Array.isArray(s.layers)) throw new ScheduleError('invalid_schedule', 'layers must be an array');
  const clock = zoneClock(s.timezone);
  const compiled: CompiledSchedule = {
    source: s,
    clock,
    layers: s.layers.map((l, i) => compileLayer(l, s.timezone, i)),
    overrides: compileOverrides(s.overrides ?? []),
    timeOff: compileTimeOff(s.timeOff ?? []),
    holidays: compileHolidays(s.holidays ?? [], s.holidayRotation, clock),
    fingerprint: fp,
  };
  cache.set(s, compiled);
  return compiled;
}

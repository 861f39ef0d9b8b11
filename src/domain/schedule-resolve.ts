import type { Handoff, OnCall, Schedule, Shift } from './schedule.types';
import { assignAt, sameAssignment, type Assignment } from './schedule-assign';
import { compileSchedule, type CompiledSchedule } from './schedule-compile';
import { answeringLayer, edgeLists, nextEdge, prevEdge } from './schedule-edges';
import { ScheduleError } from './schedule-errors';

/** How many edges a shift boundary search may cross before calling the shift unbounded. */
const WALK_LIMIT = 5000;

function toMs(d: Date, field: string): number {
  const t = d instanceof Date ? d.getTime() : NaN;
  if (Number.isNaN(t)) throw new ScheduleError('invalid_instant', `${field} must be a valid Date`);
  return t;
}

function publicFields(a: Assignment) {
  const { slot: _slot, ...rest } = a;
  return rest;
}

function shiftStartOf(cs: CompiledSchedule, t: number, a: Assignment): number | null {
  const from = answeringLayer(cs, a);
  let s = prevEdge(cs, t, from);
  for (let i = 0; i < WALK_LIMIT && s !== -Infinity; i++) {
    if (!sameAssignment(a, assignAt(cs, s - 1))) return s;
    s = prevEdge(cs, s - 1, from);
  }
  return null;
}

function shiftEndOf(cs: CompiledSchedule, t: number, a: Assignment): number | null {
  const from = answeringLayer(cs, a);
  let e = nextEdge(cs, t, from);
  for (let i = 0; i < WALK_LIMIT && e !== Infinity; i++) {
    if (!sameAssignment(a, assignAt(cs, e))) return e;
    e = nextEdge(cs, e, from);
  }
  return null;
}

/** Who is on call at `at`, why, and the bounds of that stretch (null when unbounded). */
export function resolveOnCall(schedule: Schedule, at: Date): OnCall {
  const cs = compileSchedule(schedule);
  const t = toMs(at, 'at');
  const a = assignAt(cs, t);
  const start = shiftStartOf(cs, t, a);
  const end = shiftEndOf(cs, t, a);
  return {
    ...publicFields(a),
    shiftStart: start === null ? null : new Date(start),
    shiftEnd: end === null ? null : new Date(end),
  };
}

/**
 * Shifts covering [from, to) exactly: contiguous, non-overlapping, clipped to the range. A new entry
 * starts whenever anything in the answer changes (person, source, layer, rotation slot, override,
 * covered member, holiday, gap reason). Gaps are entries with userId null and a reason.
 */
export function shiftsBetween(schedule: Schedule, from: Date, to: Date): Shift[] {
  const cs = compileSchedule(schedule);
  const lo = toMs(from, 'from');
  const hi = toMs(to, 'to');
  if (hi <= lo) return [];
  const lists = edgeLists(cs, lo, hi);
  const other = cursor(lists.other);
  const activation = lists.activation.map(cursor);
  const handoffs = lists.handoffs.map(cursor);
  const shifts: Shift[] = [];
  let cur = assignAt(cs, lo);
  let start = lo;
  for (let t = lo; ; ) {
    const answering = answeringLayer(cs, cur);
    let e = other(t);
    for (let i = Math.max(0, answering); i < activation.length; i++) {
      e = Math.min(e, activation[i]!(t));
      if (answering === -1 || i === answering) e = Math.min(e, handoffs[i]!(t));
    }
    if (e >= hi) break;
    t = e;
    const next = assignAt(cs, e);
    if (sameAssignment(cur, next)) continue;
    shifts.push({ ...publicFields(cur), start: new Date(start), end: new Date(e) });
    cur = next;
    start = e;
  }
  shifts.push({ ...publicFields(cur), start: new Date(start), end: new Date(hi) });
  return shifts;
}

/** Reads a sorted array forwards: the first value > t (t never decreasing between calls), or Infinity. */
function cursor(values: number[]): (t: number) => number {
  let p = 0;
  return (t) => {
    while (p < values.length && values[p]! <= t) p++;
    return p < values.length ? values[p]! : Infinity;
  };
}

/** The next instant after `at` when the on-call person changes (null if none within reach). */
export function nextHandoff(schedule: Schedule, at: Date): Handoff | null {
  const cs = compileSchedule(schedule);
  const t = toMs(at, 'at');
  const from = assignAt(cs, t).userId;
  let e = nextEdge(cs, t);
  for (let i = 0; i < WALK_LIMIT && e !== Infinity; i++) {
    const to = assignAt(cs, e).userId;
    if (to !== from) return { at: new Date(e), fromUserId: from, toUserId: to };
    e = nextEdge(cs, e);
  }
  return null;
}

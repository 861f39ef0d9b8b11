import type { GapReason, OnCallSource } from './schedule.types';
import type { CompiledSchedule } from './schedule-compile';
import { holidayAt } from './holiday';
import { overrideAt } from './override';
import { memberAt, slotAt } from './rotation';
import { isActive } from './rotation-restrictions';
import { pickAvailable } from './time-off';

/** Who is on call at one instant, with everything that distinguishes one stretch from the next. */
export interface Assignment {
  userId: string | null;
  source: OnCallSource;
  layerIndex?: number;
  /** Rotation slot (rotation and cover only): a new slot is a new shift even for the same person. */
  slot?: number;
  coveringFor?: string;
  overrideId?: string;
  holiday?: string;
  reason?: string;
}

/**
 * Precedence, highest first:
 * 1. overrides: the most recently created override in force at t that applies (see override.ts);
 * 2. the holiday rotation, for the whole local day of a holiday (when it has members);
 * 3. layers, highest index first: the first layer that has started, whose restriction window is active,
 *    and that has an available member. A layer whose members are all on time off yields to the layers
 *    below it.
 * Time off never stops an override; for the holiday rotation and the layers, an away member is replaced
 * by the next available member of the same rotation (source 'cover').
 * Nobody left = a gap: userId null, source 'rotation', and the reason of the highest layer that explains it.
 */
export function assignAt(cs: CompiledSchedule, t: number): Assignment {
  const base = scheduledAt(cs, t);
  const o = overrideAt(cs.overrides, t, base.scheduled, base.a.userId);
  if (!o) return base.a;
  const a: Assignment = { userId: o.userId, source: 'override', overrideId: o.id };
  if (o.replacesUserId) a.coveringFor = o.replacesUserId;
  if (base.a.holiday !== undefined) a.holiday = base.a.holiday;
  if (o.reason !== undefined) a.reason = o.reason;
  return a;
}

function scheduledAt(cs: CompiledSchedule, t: number): { a: Assignment; scheduled: string | null } {
  const hol = holidayAt(cs.holidays, cs.clock, t);
  const holiday = hol ? { holiday: hol.name } : {};
  let gap: { reason: GapReason; layerIndex?: number } | undefined;
  if (hol && cs.holidays.memberIds.length > 0) {
    const p = pickAvailable(cs.timeOff, cs.holidays.memberIds, hol.memberIndex, t);
    const scheduled = cs.holidays.memberIds[hol.memberIndex]!;
    if (p) return { a: withCover({ userId: p.userId, source: 'holiday', ...holiday }, p), scheduled };
    gap = { reason: 'all members unavailable' };
  }
  for (let i = cs.layers.length - 1; i >= 0; i--) {
    const l = cs.layers[i]!;
    if (l.memberIds.length === 0) continue;
    if (t < l.startInstant) {
      gap ??= { reason: 'rotation not started', layerIndex: i };
      continue;
    }
    if (!isActive(l.restrictions, t)) continue;
    const slot = slotAt(l, t);
    const p = pickAvailable(cs.timeOff, l.memberIds, slot, t);
    const scheduled = memberAt(l, slot)!;
    if (p) return { a: withCover({ userId: p.userId, source: 'rotation', layerIndex: i, slot, ...holiday }, p), scheduled };
    gap ??= { reason: 'all members unavailable', layerIndex: i };
  }
  gap ??= { reason: cs.layers.length === 0 ? 'schedule has no layers' : 'gap: no layer covers this time' };
  return { a: { userId: null, source: 'rotation', ...gap, ...holiday }, scheduled: null };
}

function withCover(a: Assignment, p: { coveringFor?: string; reason?: string }): Assignment {
  if (p.coveringFor === undefined) return a;
  a.source = 'cover';
  a.coveringFor = p.coveringFor;
  if (p.reason !== undefined) a.reason = p.reason;
  return a;
}

export function sameAssignment(a: Assignment, b: Assignment): boolean {
  return (
    a.userId === b.userId &&
    a.source === b.source &&
    a.layerIndex === b.layerIndex &&
    a.slot === b.slot &&
    a.coveringFor === b.coveringFor &&
    a.overrideId === b.overrideId &&
    a.holiday === b.holiday &&
    a.reason === b.reason
  );
}

import type { Layer } from './schedule.types';
import { ScheduleError } from './schedule-errors';
import { compileRestrictions, type CompiledRestrictions } from './rotation-restrictions';
import { DAY, HOUR, localWeekday, parseLocalDate, parseWallTime, zoneClock, type ZoneClock } from './wall-clock';
// Module-level aliases: inside test runners' vm contexts every global lookup (Math) is slow.
const { floor, max } = Math;

/**
 * A layer prepared for resolution. Handoff k (k >= 1) happens at local `anchor + k * period`, handoff 0 at
 * `startLocal`; slot k belongs to members[k mod n]. The slot is recomputed from the instant every time:
 * there is no stored "current index" that a missed cron run could skew.
 */
export interface CompiledLayer {
  index: number;
  clock: ZoneClock;
  memberIds: string[];
  startLocal: number;
  /** A cadence point with anchor <= startLocal < anchor + period (weekly: aligned on handoffDay). */
  anchor: number;
  period: number;
  startInstant: number;
  restrictions: CompiledRestrictions | null;
}

function periodOf(layer: Layer, field: string): number {
  switch (layer.rotationType) {
    case 'daily':
      return DAY;
    case 'weekly':
      return 7 * DAY;
    case 'custom': {
      if (layer.periodDays !== undefined && layer.periodDays !== null) {
        if (!Number.isInteger(layer.periodDays) || layer.periodDays < 1)
          throw new ScheduleError('invalid_period', `${field}.periodDays must be a positive integer`);
        return layer.periodDays * DAY;
      }
      const h = layer.periodHours;
      if (typeof h !== 'number' || !(h > 0) || !Number.isInteger(h * 60))
        throw new ScheduleError('invalid_period', `${field}: a custom rotation needs periodDays or periodHours`);
      return h * HOUR;
    }
    default:
      throw new ScheduleError('invalid_rotation_type', `${field}.rotationType must be daily, weekly or custom`);
  }
}

export function compileLayer(layer: Layer, timezone: string, index: number): CompiledLayer {
  const field = `layers[${index}]`;
  const clock = zoneClock(timezone);
  const startLocal =
    parseLocalDate(layer.startDate, `${field}.startDate`) + parseWallTime(layer.handoffTime, `${field}.handoffTime`);
  const period = periodOf(layer, field);
  let anchor = startLocal;
  if (layer.rotationType === 'weekly' && layer.handoffDay !== undefined && layer.handoffDay !== null) {
    const d = layer.handoffDay;
    if (!Number.isInteger(d) || d < 0 || d > 6)
      throw new ScheduleError('invalid_handoff_day', `${field}.handoffDay must be 0 (Sunday) to 6`);
    // The first shift runs from startDate to the first handoffDay after it (shorter when not aligned).
    anchor = startLocal - ((localWeekday(startLocal) - d + 7) % 7) * DAY;
  }
  return {
    index,
    clock,
    memberIds: (layer.members ?? []).map((m) => m.userId),
    startLocal,
    anchor,
    period,
    startInstant: clock.fromLocal(startLocal),
    restrictions: compileRestrictions(layer.restrictions, clock, field),
  };
}

/** Instant of handoff k (k >= 0). */
export function handoffInstant(l: CompiledLayer, k: number): number {
  return k === 0 ? l.startInstant : l.clock.fromLocal(l.anchor + k * l.period);
}

/** Slot (number of handoffs since the first, 0-based) at an instant; -1 before the rotation starts. */
export function slotAt(l: CompiledLayer, at: number): number {
  if (at < l.startInstant) return -1;
  let k = max(0, floor((l.clock.toLocal(at) - l.anchor) / l.period));
  // Local readings repeat or skip around DST changes: settle on instants.
  while (k > 0 && handoffInstant(l, k) > at) k--;
  while (handoffInstant(l, k + 1) <= at) k++;
  return k;
}

export function memberAt(l: CompiledLayer, slot: number): string | undefined {
  return slot < 0 || l.memberIds.length === 0 ? undefined : l.memberIds[slot % l.memberIds.length];
}

/** Handoff instants in (lo, hi). */
export function handoffsIn(l: CompiledLayer, lo: number, hi: number, out: number[]): void {
  let k = slotAt(l, lo) + 1;
  for (let t = handoffInstant(l, k); t < hi; t = handoffInstant(l, ++k)) if (t > lo) out.push(t);
}


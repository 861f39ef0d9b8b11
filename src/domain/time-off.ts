import type { TimeOff } from './schedule.types';
import { IntervalIndex, sortedUnique } from './schedule-intervals';

/** Time off per member, plus every start/end for segmentation. */
export interface TimeOffIndex {
  byUser: Map<string, IntervalIndex<TimeOff>>;
  edges: number[];
}

const ms = (d: Date) => new Date(d).getTime();

export function compileTimeOff(entries: readonly TimeOff[]): TimeOffIndex {
  const grouped = new Map<string, TimeOff[]>();
  for (const e of entries) grouped.set(e.userId, [...(grouped.get(e.userId) ?? []), e]);
  const byUser = new Map<string, IntervalIndex<TimeOff>>();
  const edges: number[] = [];
  for (const [userId, list] of grouped) {
    const idx = new IntervalIndex(list, (e) => ms(e.startsAt), (e) => ms(e.endsAt));
    byUser.set(userId, idx);
    edges.push(...idx.edges);
  }
  return { byUser, edges: sortedUnique(edges) };
}

export function timeOffAt(idx: TimeOffIndex, userId: string, t: number): TimeOff | undefined {
  return idx.byUser.get(userId)?.firstAt(t);
}

export interface CoverPick {
  userId: string;
  /** Set when the scheduled member is away and someone else covers. */
  coveringFor?: string;
  reason?: string;
}

/**
 * Who serves slot `slot` of a rotation at t: the scheduled member, or, when they are on time off, the next
 * available member in rotation order. Undefined when every member is away.
 */
export function pickAvailable(idx: TimeOffIndex, memberIds: readonly string[], slot: number, t: number): CoverPick | undefined {
  const n = memberIds.length;
  const scheduled = memberIds[slot % n]!;
  const away = timeOffAt(idx, scheduled, t);
  if (!away) return { userId: scheduled };
  for (let j = 1; j < n; j++) {
    const candidate = memberIds[(slot + j) % n]!;
    if (candidate !== scheduled && !timeOffAt(idx, candidate, t))
      return { userId: candidate, coveringFor: scheduled, reason: away.reason };
  }
  return undefined;
}

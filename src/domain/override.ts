import type { Override } from './schedule.types';
import { IntervalIndex } from './schedule-intervals';

/**
 * Overrides indexed by time. Precedence among overlapping overrides: the most recently created wins
 * (createdAt; on a tie, the one later in the list). An override that replaces a member applies only
 * while that member would be on call (as scheduled, or as the person covering for them); one without
 * `replacesUserId` replaces the whole schedule, gaps included. Nothing is stored: the schedule reverts
 * by itself when the override ends.
 */
export interface OverrideIndex {
  index: IntervalIndex<RankedOverride>;
}
interface RankedOverride {
  o: Override;
  start: number;
  end: number;
  rank: number;
}

export function compileOverrides(overrides: readonly Override[]): OverrideIndex {
  const ranked = overrides
    .map((o, i) => ({ o, i, created: new Date(o.createdAt).getTime() }))
    .sort((a, b) => a.created - b.created || a.i - b.i)
    .map(({ o }, rank) => ({ o, start: new Date(o.startsAt).getTime(), end: new Date(o.endsAt).getTime(), rank }));
  return { index: new IntervalIndex(ranked, (r) => r.start, (r) => r.end) };
}

/** The override in force at t given who would be on call without overrides. */
export function overrideAt(
  idx: OverrideIndex,
  t: number,
  scheduledUserId: string | null,
  effectiveUserId: string | null,
): Override | undefined {
  let best: RankedOverride | undefined;
  idx.index.forEachAt(t, (r) => {
    if (best && best.rank > r.rank) return;
    const replaces = r.o.replacesUserId;
    if (replaces === undefined || replaces === null || replaces === scheduledUserId || replaces === effectiveUserId)
      best = r;
  });
  return best?.o;
}

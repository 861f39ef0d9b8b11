import type { CompiledSchedule } from './schedule-compile';
import { handoffInstant, handoffsIn, slotAt, type CompiledLayer } from './rotation';
import { restrictionEdgesIn, type CompiledRestrictions } from './rotation-restrictions';
import { nextOf, prevOf, pushBetween } from './schedule-intervals';
import { DAY, localDayStart, localWeekday } from './wall-clock';

/**
 * Edges are the only instants where the assignment can change: handoffs, restriction window bounds,
 * override / time-off bounds and holiday day bounds. Between two consecutive edges it is constant.
 * A layer contributes nothing before its first handoff, so edges of a layer start there.
 */

const liveLayers = (cs: CompiledSchedule) => cs.layers.filter((l) => l.memberIds.length > 0);

/** All edges in (lo, hi), unsorted, possibly repeated. */
export function edgesBetween(cs: CompiledSchedule, lo: number, hi: number): number[] {
  const out: number[] = [];
  for (const l of liveLayers(cs)) {
    handoffsIn(l, lo, hi, out);
    if (l.restrictions && hi > l.startInstant) restrictionEdgesIn(l.restrictions, Math.max(lo, l.startInstant - 1), hi, out);
  }
  pushBetween(cs.overrides.index.edges, lo, hi, out);
  pushBetween(cs.timeOff.edges, lo, hi, out);
  pushBetween(cs.holidays.edges, lo, hi, out);
  return out;
}

/** Smallest edge > t, or +Infinity. */
export function nextEdge(cs: CompiledSchedule, t: number): number {
  let best = Math.min(nextOf(cs.overrides.index.edges, t), nextOf(cs.timeOff.edges, t), nextOf(cs.holidays.edges, t));
  for (const l of cs.layers) {
    if (l.memberIds.length === 0) continue;
    best = Math.min(best, handoffInstant(l, slotAt(l, t) + 1));
    if (l.restrictions) best = Math.min(best, nextWindowEdge(l.restrictions, Math.max(t, l.startInstant - 1), best));
  }
  return best;
}

/** Largest edge <= t, or -Infinity. */
export function prevEdge(cs: CompiledSchedule, t: number): number {
  let best = Math.max(prevOf(cs.overrides.index.edges, t), prevOf(cs.timeOff.edges, t), prevOf(cs.holidays.edges, t));
  for (const l of cs.layers) {
    if (l.memberIds.length === 0 || t < l.startInstant) continue;
    best = Math.max(best, handoffInstant(l, slotAt(l, t)));
    if (l.restrictions) best = Math.max(best, prevWindowEdge(l, t, best));
  }
  return best;
}

type Win = CompiledRestrictions['windows'][number];
function* windowsOn(c: CompiledRestrictions, day: number): Generator<[number, number]> {
  const wd = localWeekday(day);
  for (const w of c.windows as Win[]) {
    if (w.days && !w.days[wd]) continue;
    yield [c.clock.fromLocal(day + w.start), c.clock.fromLocal(day + w.start + w.length)];
  }
}

/** Smallest window edge > t that is below `bound`, else `bound`. Windows last <= 25 h. */
function nextWindowEdge(c: CompiledRestrictions, t: number, bound: number): number {
  let best = bound;
  const first = localDayStart(c.clock.toLocal(t)) - DAY;
  for (let day = first; day <= first + 9 * DAY; day += DAY) {
    if (c.clock.fromLocal(day) > best) break;
    for (const [s, e] of windowsOn(c, day)) {
      if (s > t && s < best) best = s;
      if (e > t && e < best) best = e;
    }
  }
  return best;
}

/** Largest window edge <= t (and >= the layer's start) above `bound`, else `bound`. */
function prevWindowEdge(l: CompiledLayer, t: number, bound: number): number {
  const c = l.restrictions!;
  let best = bound;
  const last = localDayStart(c.clock.toLocal(t));
  for (let day = last; day >= last - 9 * DAY; day -= DAY) {
    if (c.clock.fromLocal(day + 2 * DAY) <= Math.max(best, l.startInstant)) break;
    for (const [s, e] of windowsOn(c, day)) {
      if (s <= t && s > best && s >= l.startInstant) best = s;
      if (e <= t && e > best && e >= l.startInstant) best = e;
    }
  }
  return best;
}

import type { Assignment } from './schedule-assign';
import type { CompiledSchedule } from './schedule-compile';
import { handoffInstant, handoffsIn, slotAt, type CompiledLayer } from './rotation';
import { restrictionEdgesIn, type CompiledRestrictions } from './rotation-restrictions';
import { nextOf, prevOf, pushBetween, sortedUnique } from './schedule-intervals';
import { DAY, localDayStart, localWeekday } from './wall-clock';
// Module-level aliases: inside test runners' vm contexts every global lookup (Math) is slow.
const { max, min } = Math;

/**
 * Edges are the only instants where the assignment can change: a layer's start, its handoffs and its
 * restriction window bounds; override, time-off and holiday bounds. Not every edge matters at every
 * moment (precedence in schedule-assign.ts): while layer i answers, its handoffs and windows matter,
 * layers above it matter only when they start or open a window, and layers below it not at all; while
 * the holiday rotation answers, no layer matters. Overrides and gaps depend on everything.
 */

/** The layer answering (layers.length for the holiday rotation), or -1 when every edge matters. */
export function answeringLayer(cs: CompiledSchedule, a: Assignment): number {
  if (a.userId === null || a.source === 'override') return -1;
  return a.layerIndex ?? cs.layers.length;
}

const live = (l: CompiledLayer) => l.memberIds.length > 0;

/** Smallest relevant edge > t, or +Infinity. */
export function nextEdge(cs: CompiledSchedule, t: number, answering = -1): number {
  let best = min(nextOf(cs.overrides.index.edges, t), nextOf(cs.timeOff.edges, t), nextOf(cs.holidays.edges, t));
  for (let i = max(0, answering); i < cs.layers.length; i++) {
    const l = cs.layers[i]!;
    if (!live(l)) continue;
    if (t < l.startInstant) best = min(best, l.startInstant);
    else if (answering === -1 || i === answering) best = min(best, handoffInstant(l, slotAt(l, t) + 1));
    if (l.restrictions) best = nextWindowEdge(l.restrictions, max(t, l.startInstant), best);
  }
  return best;
}

/** Largest relevant edge <= t, or -Infinity. */
export function prevEdge(cs: CompiledSchedule, t: number, answering = -1): number {
  let best = max(prevOf(cs.overrides.index.edges, t), prevOf(cs.timeOff.edges, t), prevOf(cs.holidays.edges, t));
  for (let i = max(0, answering); i < cs.layers.length; i++) {
    const l = cs.layers[i]!;
    if (!live(l) || t < l.startInstant) continue;
    best = max(best, answering === -1 || i === answering ? handoffInstant(l, slotAt(l, t)) : l.startInstant);
    if (l.restrictions) best = prevWindowEdge(l, t, best);
  }
  return best;
}

/** Edges in (lo, hi), sorted, grouped by what they belong to (for a sweep that skips irrelevant ones). */
export interface EdgeLists {
  other: number[];
  /** Per layer: its start and window bounds. */
  activation: number[][];
  /** Per layer: handoffs after the first. */
  handoffs: number[][];
}

export function edgeLists(cs: CompiledSchedule, lo: number, hi: number): EdgeLists {
  const other: number[] = [];
  pushBetween(cs.overrides.index.edges, lo, hi, other);
  pushBetween(cs.timeOff.edges, lo, hi, other);
  pushBetween(cs.holidays.edges, lo, hi, other);
  const activation = cs.layers.map((l) => {
    const out: number[] = [];
    if (!live(l)) return out;
    if (l.startInstant > lo && l.startInstant < hi) out.push(l.startInstant);
    if (l.restrictions && hi > l.startInstant) restrictionEdgesIn(l.restrictions, max(lo, l.startInstant), hi, out);
    return sortedUnique(out);
  });
  const handoffs = cs.layers.map((l) => {
    const out: number[] = [];
    if (live(l)) handoffsIn(l, max(lo, l.startInstant), hi, out);
    return out;
  });
  return { other: sortedUnique(other), activation, handoffs };
}

/** Calls f(start, end) for each window of `c` starting on local day `day`. */
function windowsOn(c: CompiledRestrictions, day: number, f: (s: number, e: number) => void): void {
  const wd = localWeekday(day);
  for (const w of c.windows) {
    if (w.days && !w.days[wd]) continue;
    f(c.clock.fromLocal(day + w.start), c.clock.fromLocal(day + w.start + w.length));
  }
}

/** Smallest window edge > t that is below `bound`, else `bound`. Windows last <= 25 h. */
function nextWindowEdge(c: CompiledRestrictions, t: number, bound: number): number {
  let best = bound;
  const first = localDayStart(c.clock.toLocal(t)) - DAY;
  for (let day = first; day <= first + 9 * DAY; day += DAY) {
    if (c.clock.fromLocal(day) > best) break;
    windowsOn(c, day, (s, e) => {
      if (s > t && s < best) best = s;
      if (e > t && e < best) best = e;
    });
  }
  return best;
}

/** Largest window edge <= t (and >= the layer's start) above `bound`, else `bound`. */
function prevWindowEdge(l: CompiledLayer, t: number, bound: number): number {
  const c = l.restrictions!;
  let best = bound;
  const last = localDayStart(c.clock.toLocal(t));
  for (let day = last; day >= last - 9 * DAY; day -= DAY) {
    if (c.clock.fromLocal(day + 2 * DAY) <= max(best, l.startInstant)) break;
    windowsOn(c, day, (s, e) => {
      if (s <= t && s > best && s >= l.startInstant) best = s;
      if (e <= t && e > best && e >= l.startInstant) best = e;
    });
  }
  return best;
}

/** Sorted-array helpers shared by overrides, time off and holidays (binary search instead of scans). */

/** First index whose value is > x (arr sorted ascending). */
export function upperBound(arr: readonly number[], x: number): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (arr[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Smallest edge > t, or +Infinity. */
export function nextOf(edges: readonly number[], t: number): number {
  const i = upperBound(edges, t);
  return i < edges.length ? edges[i]! : Infinity;
}

/** Largest edge <= t, or -Infinity. */
export function prevOf(edges: readonly number[], t: number): number {
  const i = upperBound(edges, t);
  return i > 0 ? edges[i - 1]! : -Infinity;
}

/** Edges in (lo, hi). */
export function pushBetween(edges: readonly number[], lo: number, hi: number, out: number[]): void {
  for (let i = upperBound(edges, lo); i < edges.length && edges[i]! < hi; i++) out.push(edges[i]!);
}

export function sortedUnique(values: number[]): number[] {
  values.sort((a, b) => a - b);
  return values.filter((v, i) => i === 0 || v !== values[i - 1]);
}

/** Half-open intervals [start, end) indexed for "which are active at t" queries. */
export class IntervalIndex<T> {
  private readonly items: T[];
  private readonly starts: number[];
  private readonly ends: number[];
  /** maxEnd[i] = max(ends[0..i]): lets a backwards scan stop as soon as nothing earlier can still be active. */
  private readonly maxEnd: number[];
  readonly edges: number[];

  constructor(items: readonly T[], start: (t: T) => number, end: (t: T) => number) {
    const valid = items.filter((t) => start(t) < end(t)).sort((a, b) => start(a) - start(b));
    this.items = valid;
    this.starts = valid.map(start);
    this.ends = valid.map(end);
    let m = -Infinity;
    this.maxEnd = this.ends.map((e) => (m = Math.max(m, e)));
    this.edges = sortedUnique([...this.starts, ...this.ends]);
  }

  get size(): number {
    return this.items.length;
  }

  /** Calls f for each interval active at t (latest start first); stops when f returns true. */
  forEachAt(t: number, f: (item: T) => boolean | void): void {
    for (let i = upperBound(this.starts, t) - 1; i >= 0 && this.maxEnd[i]! > t; i--) {
      if (this.ends[i]! > t && f(this.items[i]!) === true) return;
    }
  }

  /** Any interval active at t. */
  firstAt(t: number): T | undefined {
    let found: T | undefined;
    this.forEachAt(t, (item) => {
      found = item;
      return true;
    });
    return found;
  }
}

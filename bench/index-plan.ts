/**
 * A stand-in for MongoDB's query planner, for servers whose `explain` says nothing (mongo-java-server keeps
 * only unique indexes and has no explain). It applies the rule MongoDB's planner follows for a find with a
 * sort (equality, then sort, then range): an index serves the query without a blocking SORT when its keys are
 * the query's equality fields (in any order, `$in` counts), then the sort keys in order (all in the sort's
 * direction or all reversed); a range on the sort's first key bounds the same scan. Among those, the one that
 * binds the most filter fields wins. On a real MongoDB the bench prints `explain()`'s own winning plan instead.
 */

export type IndexKeys = Record<string, 1 | -1>;
export interface QueryShape {
  equality: string[];
  range: string[];
  sort: IndexKeys;
}
export interface PlanChoice {
  index: string | null;
  /** Filter fields the index bounds; the rest are checked on the fetched documents. */
  bound: string[];
  blockingSort: boolean;
}

/** The name MongoDB gives an index: `field_dir` pairs joined by `_`. */
export const indexName = (keys: IndexKeys) => Object.entries(keys).map(([k, d]) => `${k}_${d}`).join('_');

function sortServed(rest: [string, number][], sort: IndexKeys): boolean {
  const wanted = Object.entries(sort);
  if (wanted.length === 0) return true;
  if (rest.length < wanted.length) return false;
  const same = wanted.every(([k, d], i) => rest[i]![0] === k && rest[i]![1] === d);
  const reversed = wanted.every(([k, d], i) => rest[i]![0] === k && rest[i]![1] === -d);
  return same || reversed;
}

export function choosePlan(indexes: IndexKeys[], q: QueryShape): PlanChoice {
  let best: PlanChoice = { index: null, bound: [], blockingSort: Object.keys(q.sort).length > 0 };
  for (const keys of indexes) {
    const entries = Object.entries(keys);
    let i = 0;
    while (i < entries.length && q.equality.includes(entries[i]![0])) i++;
    const bound = entries.slice(0, i).map(([k]) => k);
    const rest = entries.slice(i);
    if (!sortServed(rest, q.sort)) continue;
    const firstSortKey = Object.keys(q.sort)[0] ?? rest[0]?.[0];
    if (firstSortKey && q.range.includes(firstSortKey) && rest[0]?.[0] === firstSortKey) bound.push(firstSortKey);
    if (best.index === null || bound.length > best.bound.length) best = { index: indexName(keys), bound, blockingSort: false };
  }
  return best;
}

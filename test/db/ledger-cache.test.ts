import { LedgerCache } from '../../src/db/fatigue/ledger-cache';
import type { FatigueLedgerDoc } from '../../src/db/fatigue/fatigue-ledger.model';

/** A day's ledger part with `pages` pages and `acks` acknowledgements. */
const part = (day: string, pages: number, acks = 0, i = 0): FatigueLedgerDoc => ({
  _id: i ? `${day}#${i}` : day, day, part: i, parts: 1, builtAt: new Date(0),
  pages: Array.from({ length: pages }, (_, n) => ({ u: `user-${n % 2}`, a: `alert-${n}`, t: new Date(n) })),
  acks: Array.from({ length: acks }, (_, n) => ({ a: `alert-${n}`, by: 'Alice', at: new Date(n) })),
});

describe('the ledger cache', () => {
  it('keeps whole days up to its bound, dropping the day read least recently', () => {
    const cache = new LedgerCache(10);
    cache.put('2026-01-01', [part('2026-01-01', 3, 1)]);
    cache.put('2026-01-02', [part('2026-01-02', 2), part('2026-01-02', 1, 0, 1)]);
    expect(cache.size).toBe(7);
    expect(cache.get('2026-01-01')).toHaveLength(1); // now the most recently read
    cache.put('2026-01-03', [part('2026-01-03', 4)]);
    expect(cache.get('2026-01-02')).toBeUndefined();
    expect(cache.get('2026-01-01')?.[0]?.pages).toHaveLength(3);
    expect(cache.get('2026-01-03')?.[0]?.pages).toHaveLength(4);
    expect(cache.size).toBe(8);
  });

  it('a day bigger than the whole cache is not kept, and a day kept again is counted once', () => {
    const cache = new LedgerCache(10);
    cache.put('2026-01-01', [part('2026-01-01', 11)]);
    expect(cache.get('2026-01-01')).toBeUndefined();
    expect(cache.size).toBe(0);
    cache.put('2026-01-02', [part('2026-01-02', 5)]);
    cache.put('2026-01-02', [part('2026-01-02', 5)]);
    expect(cache.size).toBe(5);
  });

  it('keeps what it was given, with each repeated ID held once', () => {
    const cache = new LedgerCache();
    const day = part('2026-01-01', 4, 2);
    const copy = structuredClone(day);
    cache.put('2026-01-01', [day]);
    const [kept] = cache.get('2026-01-01')!;
    expect(kept).toEqual(copy);
  });
});

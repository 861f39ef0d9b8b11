import type { Connection } from 'mongoose';
import type { FatigueLedgerDoc } from './fatigue-ledger.model';

/**
 * Pages and acknowledgements a process keeps by default: about 25,000 a month for 8,000 alerts paged by call and
 * SMS, so five such months (years of a quieter team's), in about 25 MB of heap (some 200 bytes each, measured,
 * with the repeated IDs shared: see `put`).
 */
export const LEDGER_CACHE_ENTRIES = 125_000;

/**
 * Closed days' ledgers, decoded, kept in the process. A day is rolled up only once nothing more can be recorded
 * in it, and its acknowledgements only for alerts already resolved, so a stored day never changes: a rolled-up
 * day that is read again (a lost part is rolled up to the same content) holds the same pages. A report of a month
 * read before then reads no ledger from the database, and decodes none. Bounded by the pages and acknowledgements
 * held; the day read least recently goes first.
 */
export class LedgerCache {
  private readonly days = new Map<string, FatigueLedgerDoc[]>();
  private held = 0;

  constructor(readonly maxEntries = LEDGER_CACHE_ENTRIES) {}

  /** A whole day's parts, or undefined; a hit becomes the most recently read. */
  get(day: string): FatigueLedgerDoc[] | undefined {
    const docs = this.days.get(day);
    if (docs) {
      this.days.delete(day);
      this.days.set(day, docs);
    }
    return docs;
  }

  /** Keeps a whole day (every part of it), sharing its repeated IDs. */
  put(day: string, docs: FatigueLedgerDoc[]): void {
    const size = entries(docs);
    if (size > this.maxEntries) return;
    this.drop(day);
    const shared = new Map<string, string>();
    const one = (s: string) => shared.get(s) ?? (shared.set(s, s), s);
    for (const d of docs) {
      for (const p of d.pages) {
        p.u = one(p.u);
        p.a = one(p.a);
      }
      for (const k of d.acks) k.a = one(k.a);
    }
    this.days.set(day, docs);
    this.held += size;
    for (const oldest of this.days.keys()) {
      if (this.held <= this.maxEntries) break;
      this.drop(oldest);
    }
  }

  /** Pages and acknowledgements held. */
  get size(): number {
    return this.held;
  }

  private drop(day: string): void {
    const docs = this.days.get(day);
    if (!docs) return;
    this.days.delete(day);
    this.held -= entries(docs);
  }
}

const entries = (docs: readonly FatigueLedgerDoc[]) => docs.reduce((n, d) => n + d.pages.length + d.acks.length, 0);

const perConnection = new WeakMap<Connection, LedgerCache>();

/** The process's cache for one database. */
export function ledgerCacheOf(conn: Connection): LedgerCache {
  let cache = perConnection.get(conn);
  if (!cache) perConnection.set(conn, (cache = new LedgerCache()));
  return cache;
}

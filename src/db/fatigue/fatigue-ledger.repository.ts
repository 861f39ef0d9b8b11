import type { Connection } from 'mongoose';
import type { PageEvent } from '../../domain/fatigue';
import { LEDGER_GRACE_MS, LEDGER_PAGES_PER_PART, ledgerDays, ledgerPartId, ledgerParts, utcDay, utcDayBounds, type LedgerAck, type LedgerPage } from '../../domain/fatigue-ledger';
import { notificationAttemptModel } from '../notification-attempt.model';
import { alertAcks } from './alert-acks';
import { fatigueLedgerModel, type FatigueLedgerDoc } from './fatigue-ledger.model';
import type { LedgerCache } from './ledger-cache';

export interface PagesRead {
  pages: PageEvent[];
  /** Final acknowledgements of resolved alerts, by alert ID; any other alert's must be read from the alert. */
  settled: Map<string, LedgerAck>;
}

export interface LedgerOptions {
  /** Only these people's pages (a schedule's members); everyone's when absent. */
  members?: readonly string[];
  graceMs?: number;
  pagesPerPart?: number;
  /** Days read or rolled up before, kept decoded in the process (src/db/fatigue/ledger-cache.ts); none when absent. */
  cache?: LedgerCache;
}

/**
 * The pages recorded in [from, to): days that are over come from the fatigue ledger (rolled up here, once,
 * when a report first needs them), the rest straight from the notification attempts.
 */
export async function pagesBetween(conn: Connection, from: Date, to: Date, now: Date, opts: LedgerOptions = {}): Promise<PagesRead> {
  const { closed, openFrom } = ledgerDays(from, to, now, opts.graceMs ?? LEDGER_GRACE_MS);
  const kept = opts.cache ? closed.flatMap((d) => opts.cache!.get(d) ?? []) : [];
  const keptDays = new Set(kept.map((d) => d.day));
  const stored = await readLedger(conn, closed.filter((d) => !keptDays.has(d)));
  const have = new Set([...keptDays, ...stored.map((d) => d.day)]);
  const missing = closed.filter((d) => !have.has(d));
  const rolled = missing.length ? await rollUp(conn, missing, now, opts.pagesPerPart ?? LEDGER_PAGES_PER_PART) : [];
  if (opts.cache) keep(opts.cache, [...stored, ...rolled]);
  const docs = [...kept, ...stored, ...rolled];

  const members = opts.members ? new Set(opts.members) : undefined;
  const inRange = (p: LedgerPage) => p.t.getTime() >= from.getTime() && p.t.getTime() < to.getTime() && (!members || members.has(p.u));
  const pages: PageEvent[] = docs.flatMap((d) => d.pages.filter(inRange).map((p) => ({ userId: p.u, alertId: p.a, at: p.t })));
  const settled = new Map(docs.flatMap((d) => d.acks.map((k) => [k.a, k] as const)));
  if (openFrom) {
    const live = await notificationAttemptModel(conn)
      .find({ createdAt: { $gte: openFrom, $lt: to }, ...(opts.members ? { userId: { $in: [...opts.members] } } : {}) }, { userId: 1, alertId: 1, createdAt: 1 })
      .lean();
    pages.push(...live.map((a) => ({ userId: a.userId, alertId: a.alertId, at: a.createdAt })));
  }
  return { pages, settled };
}

/** Keeps whole days (readLedger and rollUp return only those) in the cache. */
function keep(cache: LedgerCache, docs: FatigueLedgerDoc[]): void {
  const byDay = new Map<string, FatigueLedgerDoc[]>();
  for (const d of docs) byDay.set(d.day, [...(byDay.get(d.day) ?? []), d]);
  for (const [day, parts] of byDay) cache.put(day, parts);
}

/** Every part of the days' ledgers that exist: part 0 names how many more there are. */
async function readLedger(conn: Connection, days: string[]): Promise<FatigueLedgerDoc[]> {
  if (days.length === 0) return [];
  const Ledger = fatigueLedgerModel(conn);
  // `_id` alone in the filter, so every server answers from the _id index.
  const firsts = await Ledger.find({ _id: { $in: days } }).lean<FatigueLedgerDoc[]>();
  const more = firsts.flatMap((d) => Array.from({ length: d.parts - 1 }, (_, i) => ledgerPartId(d.day, i + 1)));
  const rest = more.length ? await Ledger.find({ _id: { $in: more } }).lean<FatigueLedgerDoc[]>() : [];
  if (rest.length === more.length) return [...firsts, ...rest];
  // A part went missing (dropped by hand, or a roll-up cut short): those days are rolled up again.
  const found = new Set(rest.map((r) => r._id));
  const whole = new Set(firsts.map((d) => d.day));
  for (const id of more) if (!found.has(id)) whole.delete(id.split('#')[0]!);
  return [...firsts, ...rest].filter((d) => whole.has(d.day));
}

/** Rolls the days up from the attempts and the alerts, and stores them; returns what it stored. */
async function rollUp(conn: Connection, days: string[], now: Date, perPart: number): Promise<FatigueLedgerDoc[]> {
  const attempts = await notificationAttemptModel(conn)
    .find({ createdAt: { $gte: utcDayBounds(days[0]!).start, $lt: utcDayBounds(days[days.length - 1]!).end } }, { userId: 1, alertId: 1, createdAt: 1 })
    .lean();
  const byDay = new Map(days.map((d) => [d, [] as LedgerPage[]]));
  for (const a of attempts) byDay.get(utcDay(a.createdAt))?.push({ u: a.userId, a: a.alertId, t: a.createdAt });
  const settled = await settledAcks(conn, [...byDay.values()].flatMap((pages) => pages.map((p) => p.a)));

  const docs: FatigueLedgerDoc[] = [];
  for (const [day, pages] of byDay) {
    const parts = ledgerParts(pages, perPart);
    parts.forEach((part, i) => {
      const acks = [...new Set(part.map((p) => p.a))].flatMap((a) => settled.get(a) ?? []);
      docs.push({ _id: ledgerPartId(day, i), day, part: i, parts: parts.length, pages: part, acks, builtAt: now });
    });
  }
  // Part 0 last: a day counts as rolled up only once all of its parts are stored.
  const ordered = [...docs.filter((d) => d.part > 0), ...docs.filter((d) => d.part === 0)];
  for (let i = 0; i < ordered.length; i += 100) {
    await fatigueLedgerModel(conn)
      .bulkWrite(ordered.slice(i, i + 100).map((d) => ({ replaceOne: { filter: { _id: d._id }, replacement: d, upsert: true } })), { ordered: true })
      .catch(ignoreRacingRollUp);
  }
  return docs;
}

/** Two reports rolling up the same day at once store the same thing; the one that loses the insert race lets it be. */
function ignoreRacingRollUp(err: unknown): void {
  const e = err as { code?: number; writeErrors?: Array<{ code?: number }> };
  const dup = e.code === 11000 || (e.writeErrors?.length && e.writeErrors.every((w) => w.code === 11000));
  if (!dup) throw err;
}

/** The acknowledgement of each of these alerts that is resolved, and so final. */
async function settledAcks(conn: Connection, alertIds: string[]): Promise<Map<string, LedgerAck>> {
  const acks = await alertAcks(conn, alertIds);
  return new Map(acks.filter((k) => k.resolved).map(({ a, by, at }) => [a, { a, by, at }]));
}

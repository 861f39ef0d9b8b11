/**
 * The fatigue ledger: each UTC day's pages, rolled up once the day is over, so a month's fatigue report reads
 * about 31 small documents instead of scanning every notification attempt. Pure: `now` is a parameter.
 *
 * A day is rolled up only once nothing more can be recorded in it: notification attempts take their
 * `createdAt` from the clock of the process that records them, so a day stays open for LEDGER_GRACE_MS after
 * it ends (clock skew between hosts, a slow write). Days still open are read from the attempts themselves.
 */

const DAY_MS = 86_400_000;

/** How long after a UTC day ends before it is rolled up. */
export const LEDGER_GRACE_MS = 60 * 60_000;
/** Pages per ledger document; a busier day spills into parts `<day>#1`, `<day>#2`, ... (a document holds 16 MB). */
export const LEDGER_PAGES_PER_PART = 20_000;

/** One notification that reached (or tried to reach) a person. */
export interface LedgerPage {
  /** The person's user ID. */
  u: string;
  /** The alert's ID. */
  a: string;
  /** When the notification was recorded. */
  t: Date;
}

/** Who acknowledged a paged alert, kept only once the alert is resolved and so can no longer change. */
export interface LedgerAck {
  a: string;
  /** As the alert records it: the acknowledging person's name or ID, or null when nobody acknowledged it. */
  by: string | null;
  at: Date | null;
}

/** 'YYYY-MM-DD' of the UTC day holding `at`. */
export const utcDay = (at: Date): string => at.toISOString().slice(0, 10);

export function utcDayBounds(day: string): { start: Date; end: Date } {
  const start = new Date(`${day}T00:00:00.000Z`);
  if (Number.isNaN(start.getTime()) || utcDay(start) !== day) throw new RangeError(`invalid day "${day}" (want YYYY-MM-DD)`);
  return { start, end: new Date(start.getTime() + DAY_MS) };
}

/**
 * The UTC days that overlap [from, to): those already over (with the grace) come from the ledger, in order;
 * from `openFrom` on (null when every day is over) the attempts are read as they stand.
 */
export function ledgerDays(from: Date, to: Date, now: Date, graceMs = LEDGER_GRACE_MS): { closed: string[]; openFrom: Date | null } {
  const closed: string[] = [];
  if (to.getTime() <= from.getTime()) return { closed, openFrom: null };
  for (let day = utcDay(from); ; ) {
    const { start, end } = utcDayBounds(day);
    if (start.getTime() >= to.getTime()) return { closed, openFrom: null };
    if (end.getTime() + graceMs > now.getTime()) return { closed, openFrom: new Date(Math.max(start.getTime(), from.getTime())) };
    closed.push(day);
    day = utcDay(end);
  }
}

/** The document IDs of a day's ledger: the day itself, then `<day>#1`... for the parts a busy day spills into. */
export const ledgerPartId = (day: string, part: number): string => (part === 0 ? day : `${day}#${part}`);

/** A day's pages in time order, cut into parts of at most `perPart`; a day with none is one empty part. */
export function ledgerParts(pages: readonly LedgerPage[], perPart = LEDGER_PAGES_PER_PART): LedgerPage[][] {
  const sorted = [...pages].sort((x, y) => x.t.getTime() - y.t.getTime() || x.u.localeCompare(y.u) || x.a.localeCompare(y.a));
  const parts: LedgerPage[][] = [];
  for (let i = 0; i < sorted.length; i += perPart) parts.push(sorted.slice(i, i + perPart));
  return parts.length ? parts : [[]];
}

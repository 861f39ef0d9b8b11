/**
 * Holiday fairness, driven by a ledger of who worked which holiday. Each holiday (by name) goes to the
 * member of the holiday rotation who worked that holiday least recently; someone who never worked it
 * comes first (fewest holidays of any kind first, then rotation order). That is a queue per holiday:
 * whoever works it goes to the back. So any two members present throughout a stretch of years take
 * turns strictly, and their counts of each holiday differ by at most one over any consecutive years,
 * whether the holiday sits on a fixed date or moves with the weekday (Memorial Day, Thanksgiving), and
 * whoever joins or leaves in between. Pure: the ledger is passed in, the plan extends it.
 */
export interface HolidayLedgerEntry {
  /** The holiday's name: "Christmas" in 2026 and in 2027 is the same holiday. */
  holiday: string;
  /** Local date YYYY-MM-DD. */
  date: string;
  userId: string;
}

export interface HolidayOccurrence {
  date: string;
  name: string;
}

/** Who is in the holiday rotation on a date (members join and leave). */
export type RosterAt = (date: string) => readonly string[];

interface Standing {
  lastOfThis: string;
  total: number;
  lastOfAny: string;
}

const NEVER = '';

function standing(ledger: readonly HolidayLedgerEntry[], holiday: string, before: string, userId: string): Standing {
  let lastOfThis = NEVER;
  let lastOfAny = NEVER;
  let total = 0;
  for (const e of ledger) {
    if (e.userId !== userId || e.date >= before) continue;
    total += 1;
    if (e.date > lastOfAny) lastOfAny = e.date;
    if (e.holiday === holiday && e.date > lastOfThis) lastOfThis = e.date;
  }
  return { lastOfThis, total, lastOfAny };
}

/** Who works `occurrence`, from the ledger of earlier holidays; null when the roster is empty. */
export function assignHoliday(occurrence: HolidayOccurrence, roster: readonly string[], ledger: readonly HolidayLedgerEntry[]): string | null {
  let best: { userId: string; s: Standing } | null = null;
  for (const userId of roster) {
    const s = standing(ledger, occurrence.name, occurrence.date, userId);
    if (!best || before(s, best.s)) best = { userId, s };
  }
  return best?.userId ?? null;
}

/** True when `a` has a stronger claim to be given the holiday than `b` (ties keep roster order). */
function before(a: Standing, b: Standing): boolean {
  if (a.lastOfThis !== b.lastOfThis) return a.lastOfThis < b.lastOfThis;
  if (a.lastOfThis === NEVER && a.total !== b.total) return a.total < b.total;
  return a.lastOfAny < b.lastOfAny;
}

/**
 * Assigns each occurrence in date order, each one seeing the ones before it. An occurrence the ledger
 * already records (same date) keeps its recorded person: the ledger is history, not a guess.
 */
export function planHolidays(
  occurrences: readonly HolidayOccurrence[],
  roster: RosterAt,
  ledger: readonly HolidayLedgerEntry[] = [],
): HolidayLedgerEntry[] {
  const book = [...ledger];
  const out: HolidayLedgerEntry[] = [];
  for (const o of [...occurrences].sort((a, b) => a.date.localeCompare(b.date))) {
    const recorded = ledger.find((e) => e.date === o.date);
    const userId = recorded?.userId ?? assignHoliday(o, roster(o.date), book);
    if (!userId) continue;
    const entry = { holiday: o.name, date: o.date, userId };
    if (!recorded) book.push(entry);
    out.push(entry);
  }
  return out;
}

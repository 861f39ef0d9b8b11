import type { Schedule } from './schedule.types';
import { shiftsBetween } from './schedule-resolve';
import { HOUR } from './wall-clock';

export interface CoverRecord {
  coverUserId: string;
  coveredUserId: string;
  hours: number;
}

export interface LedgerBalance {
  userId: string;
  /** Hours this member worked for others. */
  hoursCovered: number;
  /** Hours others worked for this member. */
  hoursCoveredFor: number;
  /** hoursCovered - hoursCoveredFor: positive = owed time, negative = owes time. */
  balance: number;
}

export interface Debt {
  debtorUserId: string;
  creditorUserId: string;
  hours: number;
}

export interface FairnessLedger {
  covers: CoverRecord[];
  balances: LedgerBalance[];
  /** Pairwise netted: if A covered 10 h for B and B 4 h for A, B owes A 6 h. */
  debts: Debt[];
}

const round = (h: number) => Math.round(h * 1000) / 1000;

/**
 * Who covered for whom in [from, to): time-off covers (source 'cover'), plus member-replacing overrides
 * when `includeOverrides` is set (a swap then nets to zero once both halves are in the range).
 */
export function fairnessLedger(schedule: Schedule, from: Date, to: Date, opts: { includeOverrides?: boolean } = {}): FairnessLedger {
  const pair = new Map<string, CoverRecord>();
  for (const s of shiftsBetween(schedule, from, to)) {
    const counts = s.source === 'cover' || (opts.includeOverrides && s.source === 'override');
    if (!counts || !s.userId || !s.coveringFor || s.userId === s.coveringFor) continue;
    const key = JSON.stringify([s.userId, s.coveringFor]);
    const rec = pair.get(key) ?? { coverUserId: s.userId, coveredUserId: s.coveringFor, hours: 0 };
    rec.hours += (s.end.getTime() - s.start.getTime()) / HOUR;
    pair.set(key, rec);
  }
  const covers = [...pair.values()].map((c) => ({ ...c, hours: round(c.hours) }));
  const bal = new Map<string, LedgerBalance>();
  const get = (userId: string) => bal.get(userId) ?? bal.set(userId, { userId, hoursCovered: 0, hoursCoveredFor: 0, balance: 0 }).get(userId)!;
  for (const c of covers) {
    get(c.coverUserId).hoursCovered += c.hours;
    get(c.coveredUserId).hoursCoveredFor += c.hours;
  }
  const balances = [...bal.values()].map((b) => ({ ...b, balance: round(b.hoursCovered - b.hoursCoveredFor) }));
  const debts: Debt[] = [];
  for (const c of covers) {
    const back = pair.get(JSON.stringify([c.coveredUserId, c.coverUserId]));
    const net = round(c.hours - (back ? round(back.hours) : 0));
    if (net > 0) debts.push({ debtorUserId: c.coveredUserId, creditorUserId: c.coverUserId, hours: net });
  }
  return { covers, balances, debts };
}

import { LEDGER_GRACE_MS, ledgerDays, ledgerPartId, ledgerParts, utcDay, utcDayBounds, type LedgerPage } from '../../src/domain/fatigue-ledger';
import { monthBounds } from '../../src/domain/fatigue';

const at = (iso: string) => new Date(iso);

describe('fatigue ledger days', () => {
  it('a month long over is read wholly from the ledger: every UTC day it touches, in order', () => {
    const { from, to } = monthBounds('2026-02', 'UTC');
    const r = ledgerDays(from, to, at('2026-11-30T12:00:00Z'));
    expect(r.closed).toHaveLength(28);
    expect(r.closed[0]).toBe('2026-02-01');
    expect(r.closed[27]).toBe('2026-02-28');
    expect(r.openFrom).toBeNull();
  });

  it("a month read in another zone takes the UTC days at both of its edges (Chicago's November runs 05:00 Nov 1 to 06:00 Dec 1 UTC)", () => {
    const { from, to } = monthBounds('2026-11', 'America/Chicago');
    const r = ledgerDays(from, to, at('2027-01-10T00:00:00Z'));
    expect(r.closed[0]).toBe('2026-11-01');
    expect(r.closed[r.closed.length - 1]).toBe('2026-12-01');
    expect(r.closed).toHaveLength(31);
  });

  it('the current month: the days already over (and past the grace) from the ledger, the rest from the attempts', () => {
    const { from, to } = monthBounds('2026-12', 'UTC');
    const r = ledgerDays(from, to, at('2026-12-04T00:30:00Z'));
    expect(r.closed).toEqual(['2026-12-01', '2026-12-02']);
    expect(r.openFrom?.toISOString()).toBe('2026-12-03T00:00:00.000Z');
    const later = ledgerDays(from, to, new Date(at('2026-12-04T00:00:00Z').getTime() + LEDGER_GRACE_MS));
    expect(later.closed).toEqual(['2026-12-01', '2026-12-02', '2026-12-03']);
  });

  it('the open part never starts before the month does', () => {
    const { from, to } = monthBounds('2026-12', 'Asia/Tokyo'); // starts 15:00 UTC on 30 Nov
    const r = ledgerDays(from, to, at('2026-11-30T18:00:00Z'));
    expect(r.closed).toEqual([]);
    expect(r.openFrom?.toISOString()).toBe('2026-11-30T15:00:00.000Z');
  });

  it('a month still to come has nothing rolled up', () => {
    const { from, to } = monthBounds('2027-03', 'UTC');
    expect(ledgerDays(from, to, at('2026-12-01T00:00:00Z'))).toEqual({ closed: [], openFrom: from });
  });

  it('day names and bounds are UTC; a day that does not exist is refused', () => {
    expect(utcDay(at('2026-03-08T23:59:59.999Z'))).toBe('2026-03-08');
    expect(utcDayBounds('2026-03-08')).toEqual({ start: at('2026-03-08T00:00:00Z'), end: at('2026-03-09T00:00:00Z') });
    expect(() => utcDayBounds('2026-02-30')).toThrow(/invalid day/);
  });
});

describe('fatigue ledger parts', () => {
  const page = (i: number): LedgerPage => ({ u: `u${i % 3}`, a: `a${i}`, t: new Date(Date.UTC(2026, 10, 3, 0, 0, 0, 1000 * (50 - i))) });

  it('a busy day is cut into parts in time order, none larger than the limit, nothing lost', () => {
    const pages = Array.from({ length: 50 }, (_, i) => page(i));
    const parts = ledgerParts(pages, 20);
    expect(parts.map((p) => p.length)).toEqual([20, 20, 10]);
    const flat = parts.flat();
    expect(new Set(flat.map((p) => p.a))).toEqual(new Set(pages.map((p) => p.a)));
    expect(flat.every((p, i) => i === 0 || flat[i - 1]!.t.getTime() <= p.t.getTime())).toBe(true);
    expect([0, 1, 2].map((i) => ledgerPartId('2026-11-03', i))).toEqual(['2026-11-03', '2026-11-03#1', '2026-11-03#2']);
  });

  it('a day without pages is still one (empty) part, so it is not rolled up again', () => {
    expect(ledgerParts([])).toEqual([[]]);
  });
});

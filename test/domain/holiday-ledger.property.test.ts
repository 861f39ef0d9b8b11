import fc from 'fast-check';
import { DateTime } from 'luxon';
import { assignHoliday, planHolidays, type HolidayLedgerEntry, type HolidayOccurrence } from '../../src/domain/holiday-ledger';
import { resolveOnCall } from '../../src/domain/schedule-resolve';
import { aSchedule, members, utc } from './fixtures/schedule.fixtures';

/** The n-th given weekday (1 = Monday) of a month; n = -1 for the last one. */
function nthWeekday(year: number, month: number, weekday: number, n: number): string {
  if (n < 0) {
    let d = DateTime.utc(year, month, 1).endOf('month').startOf('day');
    while (d.weekday !== weekday) d = d.minus({ days: 1 });
    return d.toISODate()!;
  }
  let d = DateTime.utc(year, month, 1);
  while (d.weekday !== weekday) d = d.plus({ days: 1 });
  return d.plus({ weeks: n - 1 }).toISODate()!;
}

const HOLIDAYS: Record<string, (y: number) => string> = {
  'New Year': (y) => `${y}-01-01`,
  'Memorial Day': (y) => nthWeekday(y, 5, 1, -1),
  'Independence Day': (y) => `${y}-07-04`,
  'Labor Day': (y) => nthWeekday(y, 9, 1, 1),
  Thanksgiving: (y) => nthWeekday(y, 11, 4, 4),
  Christmas: (y) => `${y}-12-25`,
};
const occurrences = (names: string[], from: number, years: number): HolidayOccurrence[] =>
  Array.from({ length: years }, (_, i) => names.map((name) => ({ name, date: HOLIDAYS[name]!(from + i) }))).flat();

interface Member {
  id: string;
  /** Present from this year (inclusive) until `leaves` (exclusive). */
  joins: number;
  leaves: number;
}

/** 2–7 members; the first two stay throughout, the others may join late and leave early. */
const scenario = fc
  .record({
    start: fc.integer({ min: 1990, max: 2080 }),
    years: fc.integer({ min: 10, max: 24 }),
    names: fc.subarray(Object.keys(HOLIDAYS), { minLength: 1 }),
    extra: fc.array(fc.record({ joinsAfter: fc.nat(20), staysFor: fc.integer({ min: 1, max: 30 }) }), { maxLength: 5 }),
  })
  .map(({ start, years, names, extra }) => {
    const end = start + years;
    const people: Member[] = [
      { id: 'm0', joins: start, leaves: end },
      { id: 'm1', joins: start, leaves: end },
      ...extra.map((e, i) => ({ id: `m${i + 2}`, joins: start + Math.min(e.joinsAfter, years - 1), leaves: Math.min(end, start + e.joinsAfter + e.staysFor) })),
    ];
    return { start, years, names, people };
  });

const rosterOf = (people: Member[]) => (date: string) => people.filter((p) => p.joins <= +date.slice(0, 4) && +date.slice(0, 4) < p.leaves).map((p) => p.id);

describe('holiday fairness (ledger-driven)', () => {
  test('over any 10 consecutive years, members present throughout differ by at most one in each holiday, members joining and leaving', () => {
    fc.assert(
      fc.property(scenario, ({ start, years, names, people }) => {
        const plan = planHolidays(occurrences(names, start, years), rosterOf(people));
        for (let from = start; from + 10 <= start + years; from++) {
          const window = plan.filter((e) => +e.date.slice(0, 4) >= from && +e.date.slice(0, 4) < from + 10);
          const present = people.filter((p) => p.joins <= from && p.leaves >= from + 10);
          for (const name of names) {
            const counts = present.map((p) => window.filter((e) => e.holiday === name && e.userId === p.id).length);
            if (Math.max(...counts) - Math.min(...counts) > 1) return false;
          }
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });

  test('with a fixed team of 2 to 7, every 10-year window gives each member each holiday floor or ceil of 10/n times', () => {
    for (let n = 2; n <= 7; n++) {
      const team = Array.from({ length: n }, (_, i) => `u${i}`);
      const plan = planHolidays(occurrences(Object.keys(HOLIDAYS), 2026, 30), () => team);
      for (let from = 2026; from + 10 <= 2056; from++) {
        for (const name of Object.keys(HOLIDAYS)) {
          const counts = team.map((u) => plan.filter((e) => e.holiday === name && e.userId === u && +e.date.slice(0, 4) - from >= 0 && +e.date.slice(0, 4) - from < 10).length);
          expect(counts.every((c) => c === Math.floor(10 / n) || c === Math.ceil(10 / n))).toBe(true);
        }
      }
    }
  });

  test('in a year of several holidays, the first pass spreads them over the team rather than giving them all to one person', () => {
    const plan = planHolidays(occurrences(['New Year', 'Memorial Day', 'Thanksgiving'], 2027, 1), () => ['a', 'b', 'c']);
    expect(new Set(plan.map((e) => e.userId))).toEqual(new Set(['a', 'b', 'c']));
  });

  test('the ledger is history: a recorded holiday keeps its person, and the next one goes to whoever worked it least recently', () => {
    const ledger: HolidayLedgerEntry[] = [
      { holiday: 'Christmas', date: '2024-12-25', userId: 'b' },
      { holiday: 'Christmas', date: '2025-12-25', userId: 'a' },
    ];
    expect(assignHoliday({ name: 'Christmas', date: '2026-12-25' }, ['a', 'b', 'c'], ledger)).toBe('c');
    const plan = planHolidays(occurrences(['Christmas'], 2025, 3), () => ['a', 'b', 'c'], ledger);
    expect(plan.map((e) => e.userId)).toEqual(['a', 'c', 'b']);
  });

  test('someone who joins takes the holiday next (they never worked it), then waits their turn like everyone else', () => {
    const plan = planHolidays(occurrences(['Thanksgiving'], 2026, 6), (d) => (d < '2028' ? ['a', 'b'] : ['a', 'b', 'n']));
    expect(plan.map((e) => e.userId)).toEqual(['a', 'b', 'n', 'a', 'b', 'n']);
  });

  test('nobody gets Memorial Day every year from 2027 to 2034 (it moves back a weekday each year)', () => {
    const holidays = occurrences(['Memorial Day'], 2027, 8);
    const s = aSchedule({ holidays, holidayRotation: { members: members('h0', 'h1', 'h2') } });
    const who = holidays.map((h) => resolveOnCall(s, utc(`${h.date}T18:00Z`)).userId);
    expect(who).toEqual(['h0', 'h1', 'h2', 'h0', 'h1', 'h2', 'h0', 'h1']);
  });
});

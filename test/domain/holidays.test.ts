import { resolveOnCall, shiftsBetween } from '../../src/domain/schedule-resolve';
import type { Holiday } from '../../src/domain/schedule.types';
import { aLayer, aSchedule, aTimeOff, members, utc } from './fixtures/schedule.fixtures';

const holidayRotation = { members: members('h0', 'h1', 'h2') };
const christmases = (from: number, to: number): Holiday[] =>
  Array.from({ length: to - from + 1 }, (_, i) => ({ date: `${from + i}-12-25`, name: 'Christmas' }));

describe('holidays', () => {
  test('the holiday rotation takes the whole local calendar day, and the holiday is named in shifts', () => {
    const s = aSchedule({ holidays: [{ date: '2026-12-25', name: 'Christmas' }], holidayRotation });
    const shifts = shiftsBetween(s, utc('2026-12-24T00:00Z'), utc('2026-12-27T00:00Z'));
    const xmas = shifts.find((x) => x.source === 'holiday')!;
    expect(xmas).toMatchObject({ holiday: 'Christmas', start: utc('2026-12-25T06:00Z'), end: utc('2026-12-26T06:00Z') });
    expect(shifts.filter((x) => x.source === 'holiday')).toHaveLength(1);
    expect(resolveOnCall(s, utc('2026-12-25T12:00Z'))).toMatchObject({ source: 'holiday', holiday: 'Christmas', userId: xmas.userId });
  });

  test('without a holiday rotation, holidays are still visible in previews but the rotation keeps the day', () => {
    const s = aSchedule({ layers: [aLayer({ startDate: '2026-12-01' })], holidays: [{ date: '2026-12-25', name: 'Christmas' }] });
    const shifts = shiftsBetween(s, utc('2026-12-25T00:00Z'), utc('2026-12-26T12:00Z'));
    expect(shifts.filter((x) => x.holiday === 'Christmas').every((x) => x.source === 'rotation' && x.userId)).toBe(true);
    expect(shifts.some((x) => x.holiday === 'Christmas')).toBe(true);
  });

  test('nobody gets every Christmas: over three years three different members take it', () => {
    const s = aSchedule({ holidays: christmases(2026, 2031), holidayRotation });
    const who = [2026, 2027, 2028, 2029, 2030, 2031].map((y) => resolveOnCall(s, utc(`${y}-12-25T18:00Z`)).userId);
    expect(new Set(who.slice(0, 3)).size).toBe(3);
    expect(who.slice(3)).toEqual(who.slice(0, 3));
  });

  test('over as many years as members, each member takes each holiday exactly once and the same number in total', () => {
    const holidays = [2026, 2027, 2028].flatMap((y) => [
      { date: `${y}-01-01`, name: 'New Year' },
      { date: `${y}-07-04`, name: 'Independence Day' },
      { date: `${y}-12-25`, name: 'Christmas' },
    ]);
    const s = aSchedule({ holidays, holidayRotation });
    const assignee = (date: string) => resolveOnCall(s, utc(`${date}T18:00Z`)).userId!;
    for (const md of ['01-01', '07-04', '12-25']) expect(new Set([2026, 2027, 2028].map((y) => assignee(`${y}-${md}`))).size).toBe(3);
    const totals = new Map<string, number>();
    holidays.forEach((h) => totals.set(assignee(h.date), (totals.get(assignee(h.date)) ?? 0) + 1));
    expect([...totals.values()]).toEqual([3, 3, 3]);
  });

  test("a holiday's assignee depends only on the holidays before it, not on which later ones are listed", () => {
    const full = aSchedule({ holidays: [...christmases(2020, 2030), { date: '2027-11-25', name: 'Thanksgiving' }], holidayRotation });
    const upTo = aSchedule({ holidays: christmases(2020, 2026), holidayRotation });
    expect(resolveOnCall(upTo, utc('2026-12-25T18:00Z')).userId).toBe(resolveOnCall(full, utc('2026-12-25T18:00Z')).userId);
  });

  test('a holiday assignee on time off is covered by the next holiday-rotation member', () => {
    const s = aSchedule({ holidays: [{ date: '2026-12-25', name: 'Christmas' }], holidayRotation });
    const assignee = resolveOnCall(s, utc('2026-12-25T18:00Z')).userId!;
    s.timeOff = [aTimeOff({ userId: assignee, startsAt: utc('2026-12-20T00:00Z'), endsAt: utc('2027-01-02T00:00Z') })];
    const r = resolveOnCall(s, utc('2026-12-25T18:00Z'));
    expect(r).toMatchObject({ source: 'cover', coveringFor: assignee, holiday: 'Christmas' });
    expect(holidayRotation.members.map((m) => m.userId)).toContain(r.userId);
  });

  test('a holiday on the day America/Santiago skips midnight starts at the first valid instant, 01:00', () => {
    const s = aSchedule({ timezone: 'America/Santiago', holidays: [{ date: '2026-09-06', name: 'Test day' }], holidayRotation });
    const h = shiftsBetween(s, utc('2026-09-05T00:00Z'), utc('2026-09-08T00:00Z')).find((x) => x.source === 'holiday')!;
    expect([h.start, h.end]).toEqual([utc('2026-09-06T04:00Z'), utc('2026-09-07T03:00Z')]);
  });
});

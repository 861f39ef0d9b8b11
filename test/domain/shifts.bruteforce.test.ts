import { resolveOnCall, shiftsBetween } from '../../src/domain/schedule-resolve';
import type { Shift } from '../../src/domain/schedule.types';
import { bigSchedule } from './fixtures/big-schedule';
import { utc } from './fixtures/schedule.fixtures';

const describeShift = (s: Omit<Shift, 'start' | 'end'>) => ({ userId: s.userId, source: s.source, layerIndex: s.layerIndex, coveringFor: s.coveringFor, overrideId: s.overrideId, holiday: s.holiday, reason: s.reason });

describe('a 3-layer, 20-member schedule with 200 overrides, time off and holidays, over a year', () => {
  const schedule = bigSchedule();
  const from = utc('2026-01-01T00:00Z');
  const to = utc('2027-01-01T00:00Z');
  const shifts = shiftsBetween(schedule, from, to);

  test('shifts are contiguous, non-overlapping, non-empty and cover the year exactly', () => {
    expect(shifts[0]!.start).toEqual(from);
    expect(shifts[shifts.length - 1]!.end).toEqual(to);
    shifts.forEach((s, i) => {
      expect(s.end.getTime()).toBeGreaterThan(s.start.getTime());
      if (i > 0) expect(s.start).toEqual(shifts[i - 1]!.end);
    });
  });

  test('every 15 minutes, resolveOnCall agrees with the shift that contains the instant, bounds included', () => {
    let i = 0;
    for (let t = from.getTime(); t < to.getTime(); t += 15 * 60_000) {
      while (shifts[i]!.end.getTime() <= t) i++;
      const s = shifts[i]!;
      const r = resolveOnCall(schedule, new Date(t));
      const { shiftStart, shiftEnd } = r;
      const sameBounds = (i === 0 || shiftStart?.getTime() === s.start.getTime()) && (i === shifts.length - 1 || shiftEnd?.getTime() === s.end.getTime());
      if (!sameBounds || JSON.stringify(describeShift(r)) !== JSON.stringify(describeShift(s)))
        throw new Error(`at ${new Date(t).toISOString()}: resolveOnCall ${JSON.stringify(r)} vs shift ${JSON.stringify(s)}`);
    }
  });

  test('the only gaps are the hours before the first layer starts, and they are reported', () => {
    const gaps = shifts.filter((s) => s.userId === null);
    gaps.forEach((g) => expect(g.reason).toEqual(expect.any(String)));
    gaps.forEach((g) => expect(g.end.getTime()).toBeLessThanOrEqual(utc('2026-01-05T15:00Z').getTime()));
  });

  test('splitting the range anywhere gives the same shifts', () => {
    const cut = utc('2026-07-15T13:37Z');
    const joined = [...shiftsBetween(schedule, from, cut), ...shiftsBetween(schedule, cut, to)];
    const at = (list: Shift[], t: number) => list.find((s) => s.start.getTime() <= t && t < s.end.getTime())!;
    for (let t = from.getTime(); t < to.getTime(); t += 7 * 3600_000 + 60_000) expect(describeShift(at(joined, t))).toEqual(describeShift(at(shifts, t)));
  });
});

import { DateTime } from 'luxon';
import { resolveOnCall, shiftsBetween } from '../../src/domain/schedule-resolve';
import type { Layer, Schedule } from '../../src/domain/schedule.types';
import { aLayer, aSchedule, aTimeOff, members, utc } from './fixtures/schedule.fixtures';

// After hours = every evening 18:00 to 09:00, plus the daytime of weekends.
const afterHours: Layer['restrictions'] = [{ start: '18:00', end: '09:00' }, { days: [0, 6], start: '09:00', end: '18:00' }];

function twoLayers(zone = 'America/Chicago'): Schedule {
  return aSchedule({
    timezone: zone,
    layers: [
      aLayer({ rotationType: 'weekly', handoffDay: 1, startDate: '2026-01-05', members: members('dana', 'eli') }),
      aLayer({ rotationType: 'daily', handoffTime: '18:00', startDate: '2026-01-01', members: members('night1', 'night2'), restrictions: afterHours }),
    ],
  });
}

describe('layers with restrictions', () => {
  test.each([
    ['Monday 10:00', '2026-03-02T16:00Z', 'dana', 0],
    ['Monday 19:00', '2026-03-03T01:00Z', 'night1', 1],
    ['Tuesday 08:59', '2026-03-03T14:59Z', 'night1', 1],
    ['Tuesday 09:00', '2026-03-03T15:00Z', 'dana', 0],
    ['Saturday noon', '2026-03-07T18:00Z', 'night1', 1],
    ['Sunday 17:00', '2026-03-08T22:00Z', 'night2', 1],
  ])('on %s in Chicago (%s), %s of layer %d is on call', (_label, at, who, layerIndex) => {
    expect(resolveOnCall(twoLayers(), utc(at))).toMatchObject({ userId: who, layerIndex });
  });

  test('the after-hours layer yields exactly at 09:00 and takes over at 18:00 on weekdays', () => {
    const shifts = shiftsBetween(twoLayers(), utc('2026-03-03T12:00Z'), utc('2026-03-04T12:00Z'));
    expect(shifts.map((s) => [s.userId, s.layerIndex, s.start.toISOString()])).toEqual([
      ['night1', 1, '2026-03-03T12:00:00.000Z'],
      ['dana', 0, '2026-03-03T15:00:00.000Z'],
      ['night2', 1, '2026-03-04T00:00:00.000Z'],
    ]);
  });

  test('when everyone in a higher layer is away, the layer below answers', () => {
    const s = twoLayers();
    s.timeOff = [
      aTimeOff({ userId: 'night1', startsAt: utc('2026-03-01T00:00Z'), endsAt: utc('2026-03-10T00:00Z') }),
      aTimeOff({ userId: 'night2', startsAt: utc('2026-03-01T00:00Z'), endsAt: utc('2026-03-10T00:00Z') }),
    ];
    expect(resolveOnCall(s, utc('2026-03-03T01:00Z'))).toMatchObject({ userId: 'dana', layerIndex: 0, source: 'rotation' });
  });

  test('hours no layer covers are explicit gaps in shifts and in resolveOnCall', () => {
    const s = aSchedule({ layers: [aLayer({ restrictions: [{ days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' }] })] });
    const shifts = shiftsBetween(s, utc('2026-03-06T00:00Z'), utc('2026-03-10T00:00Z'));
    const gaps = shifts.filter((x) => x.userId === null);
    expect(gaps.map((g) => [g.start.toISOString(), g.end.toISOString()])).toEqual([
      ['2026-03-06T00:00:00.000Z', '2026-03-06T15:00:00.000Z'],
      ['2026-03-06T23:00:00.000Z', '2026-03-09T14:00:00.000Z'],
      ['2026-03-09T22:00:00.000Z', '2026-03-10T00:00:00.000Z'],
    ]);
    gaps.forEach((g) => expect(g.reason).toBe('gap: no layer covers this time'));
    expect(resolveOnCall(s, utc('2026-03-07T12:00Z'))).toMatchObject({
      userId: null,
      reason: 'gap: no layer covers this time',
      shiftStart: utc('2026-03-06T23:00Z'),
      shiftEnd: utc('2026-03-09T14:00Z'),
    });
  });

  test.each([
    ['02:30', '2026-03-08', '2026-03-08T08:00:00.000Z', 'skipped: opens at 03:00 CDT', '2026-03-08T10:00:00.000Z'],
    ['01:30', '2026-11-01', '2026-11-01T06:30:00.000Z', 'repeated: opens at the first 01:30 (CDT)', '2026-11-01T11:00:00.000Z'],
  ])('a restriction window starting at %s on %s opens at %s (%s) and closes at 05:00 local', (start, date, opens, _why, closes) => {
    const s = aSchedule({ layers: [aLayer({ startDate: '2026-01-01', restrictions: [{ start, end: '05:00' }] })] });
    const day = Date.parse(`${date}T00:00:00Z`);
    const covered = shiftsBetween(s, new Date(day), new Date(day + 86400_000)).filter((x) => x.userId !== null);
    expect(covered[0]!.start.toISOString()).toBe(opens);
    expect(covered[covered.length - 1]!.end.toISOString()).toBe(closes);
  });

  test('a schedule with no layers reports that as the gap reason', () => {
    expect(resolveOnCall(aSchedule({ layers: [] }), utc('2026-03-07T12:00Z'))).toMatchObject({
      userId: null,
      reason: 'schedule has no layers',
      shiftStart: null,
      shiftEnd: null,
    });
  });

  for (const zone of ['America/Chicago', 'Europe/London']) {
    test(`stepping through a year in ${zone}, the after-hours layer answers exactly when the local clock says after hours`, () => {
      const s = twoLayers(zone);
      const from = utc('2026-01-05T00:00Z').getTime();
      const to = utc('2027-01-04T00:00Z').getTime();
      const shifts = shiftsBetween(s, new Date(from), new Date(to));
      shifts.forEach((x, i) => expect(x.start.getTime()).toBe(i === 0 ? from : shifts[i - 1]!.end.getTime()));
      expect(shifts[shifts.length - 1]!.end.getTime()).toBe(to);
      let i = 0;
      for (let t = from + 15 * 60_000; t < to; t += 30 * 60_000) {
        while (shifts[i]!.end.getTime() <= t) i++;
        const local = DateTime.fromMillis(t, { zone });
        const weekend = local.weekday >= 6;
        const expected = local.hour >= 18 || local.hour < 9 || weekend ? 1 : 0;
        const r = resolveOnCall(s, new Date(t));
        if (r.layerIndex !== expected || shifts[i]!.layerIndex !== expected || r.userId !== shifts[i]!.userId)
          throw new Error(`${zone} ${local.toISO()}: layer ${r.layerIndex}, shift ${JSON.stringify(shifts[i])}`);
      }
    });
  }
});

import { DateTime } from 'luxon';
import { daysIn, missingHandoffNote, placeOnAxis, wallTimeMissing } from '../../web/src/schedules/lane-layout';

const ms = (iso: string) => Date.parse(iso);

describe('the lanes timeline in Chicago', () => {
  test('the week clocks spring forward has one 23-hour day, labelled, drawn 23/24 as wide', () => {
    const from = DateTime.fromISO('2026-03-08T00:00', { zone: 'America/Chicago' }).toMillis();
    const to = DateTime.fromISO('2026-03-15T00:00', { zone: 'America/Chicago' }).toMillis();
    const days = daysIn(from, to, 'America/Chicago');
    expect(days.map((d) => d.hours)).toEqual([23, 24, 24, 24, 24, 24, 24]);
    expect(days[0]!.dst).toBe('23-hour day: clocks go forward');
    expect(days.slice(1).every((d) => d.dst === undefined)).toBe(true);
    const first = placeOnAxis(days[0]!.start, days[0]!.end, from, to);
    const second = placeOnAxis(days[1]!.start, days[1]!.end, from, to);
    expect(first.width / second.width).toBeCloseTo(23 / 24, 6);
  });

  test('the week clocks fall back has a 25-hour day', () => {
    const from = DateTime.fromISO('2026-10-31T00:00', { zone: 'America/Chicago' }).toMillis();
    const to = DateTime.fromISO('2026-11-03T00:00', { zone: 'America/Chicago' }).toMillis();
    expect(daysIn(from, to, 'America/Chicago').map((d) => [d.date, d.hours, d.dst ?? ''])).toEqual([
      ['2026-10-31', 24, ''],
      ['2026-11-01', 25, '25-hour day: clocks go back'],
      ['2026-11-02', 24, ''],
    ]);
  });

  test('a shift is clipped to the axis', () => {
    expect(placeOnAxis(ms('2026-03-01T00:00Z'), ms('2026-03-03T00:00Z'), ms('2026-03-02T00:00Z'), ms('2026-03-06T00:00Z'))).toEqual({ left: 0, width: 25 });
  });

  test('02:30 does not exist on 8 March; a handoff set for it is shown starting at 3:00 AM CDT', () => {
    expect(wallTimeMissing('2026-03-08', '02:30', 'America/Chicago')).toBe(true);
    expect(wallTimeMissing('2026-03-09', '02:30', 'America/Chicago')).toBe(false);
    expect(missingHandoffNote('2026-03-08T08:00:00Z', '02:30', 'America/Chicago')).toBe('starts 3:00 AM CDT: 02:30 does not exist on Mar 8 (clocks go forward)');
    expect(missingHandoffNote('2026-03-09T07:30:00Z', '02:30', 'America/Chicago')).toBeUndefined();
    // A stretch cut at the view's edge (midnight) that day did not move.
    expect(missingHandoffNote('2026-03-08T06:00:00Z', '02:30', 'America/Chicago')).toBeUndefined();
  });
});

import { DateTime } from 'luxon';
import { ScheduleError } from '../../src/domain/schedule-errors';
import { nextHandoff, resolveOnCall, shiftsBetween } from '../../src/domain/schedule-resolve';
import { aLayer, aSchedule, iso, members, utc } from './fixtures/schedule.fixtures';

describe('rotation types', () => {
  const daily = aSchedule({ layers: [aLayer({ handoffTime: '09:00', startDate: '2026-01-05' })] });

  test.each([
    ['2026-01-05T15:00Z', 'alice', '2026-01-05T15:00Z', '2026-01-06T15:00Z'],
    ['2026-01-06T14:59Z', 'alice', '2026-01-05T15:00Z', '2026-01-06T15:00Z'],
    ['2026-01-06T15:00Z', 'bob', '2026-01-06T15:00Z', '2026-01-07T15:00Z'],
    ['2026-01-07T23:00Z', 'carol', '2026-01-07T15:00Z', '2026-01-08T15:00Z'],
    ['2026-01-08T16:00Z', 'alice', '2026-01-08T15:00Z', '2026-01-09T15:00Z'],
  ])('a daily 09:00 Chicago rotation at %s is %s', (at, who, start, end) => {
    const r = resolveOnCall(daily, utc(at));
    expect(r).toMatchObject({ userId: who, source: 'rotation', layerIndex: 0 });
    expect([iso(r.shiftStart), iso(r.shiftEnd)]).toEqual([utc(start).toISOString(), utc(end).toISOString()]);
  });

  test('a weekly rotation hands off on handoffDay at handoffTime; an unaligned start gives a short first shift', () => {
    // 2026-01-07 is a Wednesday; handoffs are Mondays 09:00 Chicago.
    const s = aSchedule({ layers: [aLayer({ rotationType: 'weekly', handoffDay: 1, startDate: '2026-01-07' })] });
    const shifts = shiftsBetween(s, utc('2026-01-07T15:00Z'), utc('2026-01-26T15:00Z'));
    expect(shifts.map((x) => [x.userId, x.start.toISOString()])).toEqual([
      ['alice', '2026-01-07T15:00:00.000Z'],
      ['bob', '2026-01-12T15:00:00.000Z'],
      ['carol', '2026-01-19T15:00:00.000Z'],
    ]);
  });

  test('a custom rotation of 3 days hands off every third day at handoffTime', () => {
    const s = aSchedule({ layers: [aLayer({ rotationType: 'custom', periodDays: 3, startDate: '2026-01-01' })] });
    expect(resolveOnCall(s, utc('2026-01-04T14:59Z')).userId).toBe('alice');
    expect(resolveOnCall(s, utc('2026-01-04T15:00Z')).userId).toBe('bob');
    expect(resolveOnCall(s, utc('2026-01-10T15:00Z')).userId).toBe('alice');
  });

  test('a custom rotation of 8 hours hands off at 09:00, 17:00 and 01:00 local', () => {
    const s = aSchedule({ layers: [aLayer({ rotationType: 'custom', periodHours: 8, startDate: '2026-01-01' })] });
    const shifts = shiftsBetween(s, utc('2026-01-01T15:00Z'), utc('2026-01-02T15:00Z'));
    expect(shifts.map((x) => [x.userId, x.start.toISOString()])).toEqual([
      ['alice', '2026-01-01T15:00:00.000Z'],
      ['bob', '2026-01-01T23:00:00.000Z'],
      ['carol', '2026-01-02T07:00:00.000Z'],
    ]);
  });

  test('before startDate nobody is on call and the gap says the rotation has not started', () => {
    const r = resolveOnCall(daily, utc('2026-01-01T00:00Z'));
    expect(r).toMatchObject({ userId: null, reason: 'rotation not started', shiftStart: null });
    expect(iso(r.shiftEnd)).toBe('2026-01-05T15:00:00.000Z');
  });

  test('the answer depends only on the schedule and the instant, whatever was asked before', () => {
    const far = utc('2031-07-04T12:00Z');
    const first = resolveOnCall(daily, far);
    for (let d = 0; d < 50; d++) resolveOnCall(daily, utc(`2026-02-${String((d % 28) + 1).padStart(2, '0')}T10:00Z`));
    const fresh = aSchedule({ layers: [aLayer({ handoffTime: '09:00', startDate: '2026-01-05' })] });
    expect(resolveOnCall(fresh, far)).toEqual(first);
    // 2031-07-04 09:00 CDT is day 2006 after 2026-01-05 09:00 CST: 2006 mod 3 = 2, and 12:00Z is before 14:00Z.
    expect(first.userId).toBe('bob');
  });

  test('nextHandoff gives the next change of person, skipping stretches where the same person stays on', () => {
    const s = aSchedule({ layers: [aLayer({ startDate: '2026-01-05', members: members('alice', 'alice', 'bob') })] });
    expect(nextHandoff(s, utc('2026-01-05T16:00Z'))).toEqual({ at: utc('2026-01-07T15:00Z'), fromUserId: 'alice', toUserId: 'bob' });
  });
});

describe('daylight saving at the handoff', () => {
  test.each([
    ['America/Chicago', '02:30', '2026-03-08', '2026-03-08T08:00:00.000Z', 'nonexistent: 03:00 CDT, the first valid instant after'],
    ['America/Chicago', '01:30', '2026-11-01', '2026-11-01T06:30:00.000Z', 'ambiguous: first occurrence (CDT)'],
    ['Europe/London', '01:30', '2026-03-29', '2026-03-29T01:00:00.000Z', 'nonexistent: 02:00 BST'],
    ['Europe/London', '01:30', '2026-10-25', '2026-10-25T00:30:00.000Z', 'ambiguous: first occurrence (BST)'],
    ['America/Santiago', '00:00', '2026-09-06', '2026-09-06T04:00:00.000Z', 'midnight does not exist: 01:00 -03'],
    ['America/Santiago', '23:30', '2026-04-04', '2026-04-05T02:30:00.000Z', 'ambiguous: first occurrence (-03)'],
    ['Australia/Lord_Howe', '02:15', '2026-10-04', '2026-10-03T15:30:00.000Z', 'nonexistent in a 30-minute jump: 02:30 +11'],
    ['Australia/Lord_Howe', '01:45', '2026-04-05', '2026-04-04T14:45:00.000Z', 'ambiguous: first occurrence (+11)'],
  ])('in %s a %s handoff on %s happens at %s (%s)', (zone, time, date, expected) => {
    const s = aSchedule({ timezone: zone, layers: [aLayer({ handoffTime: time, startDate: '2026-01-01' })] });
    const day = Date.parse(`${date}T00:00:00Z`);
    const starts = shiftsBetween(s, new Date(day - 86400_000), new Date(day + 2 * 86400_000)).map((x) => x.start.toISOString());
    expect(starts).toContain(expected);
    expect(resolveOnCall(s, utc(expected)).shiftStart?.toISOString()).toBe(expected);
    expect(resolveOnCall(s, new Date(Date.parse(expected) - 1)).shiftEnd?.toISOString()).toBe(expected);
  });

  test("Luxon's own default differs (it lands 30 minutes late on a skipped 02:30), which is why it is not used for handoffs", () => {
    const luxon = DateTime.fromObject({ year: 2026, month: 3, day: 8, hour: 2, minute: 30 }, { zone: 'America/Chicago' });
    expect(luxon.toUTC().toISO()).toBe('2026-03-08T08:30:00.000Z');
    const s = aSchedule({ layers: [aLayer({ handoffTime: '02:30', startDate: '2026-03-01' })] });
    expect(resolveOnCall(s, utc('2026-03-08T08:15Z')).shiftStart?.toISOString()).toBe('2026-03-08T08:00:00.000Z');
  });
});

describe('invalid schedules are refused with the field named', () => {
  test.each([
    [{ timezone: 'Mars/Olympus' }, /timezone/],
    [{ layers: [aLayer({ handoffTime: '9:00' })] }, /layers\[0\]\.handoffTime/],
    [{ layers: [aLayer({ startDate: '2026-02-30' })] }, /layers\[0\]\.startDate/],
    [{ layers: [aLayer({ rotationType: 'custom', periodDays: 0 })] }, /layers\[0\]\.periodDays/],
    [{ layers: [aLayer({ rotationType: 'custom' })] }, /periodDays or periodHours/],
    [{ layers: [aLayer({ rotationType: 'weekly', handoffDay: 7 as never })] }, /handoffDay/],
    [{ layers: [aLayer({ restrictions: [{ start: '18:00', end: '24:00' }] })] }, /restrictions\[0\]\.end/],
  ])('%j', (fields, message) => {
    expect(() => resolveOnCall(aSchedule(fields), utc('2026-03-01T00:00Z'))).toThrow(ScheduleError);
    expect(() => resolveOnCall(aSchedule(fields), utc('2026-03-01T00:00Z'))).toThrow(message);
  });
});

import { fatigueReport, monthBounds } from '../../src/domain/fatigue';
import type { Shift } from '../../src/domain/schedule.types';

const shift = (userId: string | null, start: string, end: string): Shift => ({
  userId,
  start: new Date(start),
  end: new Date(end),
  source: 'rotation',
});

describe('fatigue report', () => {
  it('counts on-call hours only inside the month, in the report zone', () => {
    const { from, to } = monthBounds('2026-11', 'America/Chicago');
    expect(from.toISOString()).toBe('2026-11-01T05:00:00.000Z');
    expect(to.toISOString()).toBe('2026-12-01T06:00:00.000Z');
    const report = fatigueReport({
      month: '2026-11',
      zone: 'America/Chicago',
      shifts: [
        shift('alice', '2026-10-31T05:00:00Z', '2026-11-02T05:00:00Z'), // 24 h fall inside November
        shift(null, '2026-11-02T05:00:00Z', '2026-11-03T05:00:00Z'), // a gap belongs to nobody
        shift('bob', '2026-11-03T05:00:00Z', '2026-11-04T05:00:00Z'),
      ],
      pages: [],
      userZones: new Map(),
    });
    expect(report).toEqual([
      { userId: 'alice', onCallHours: 24, pages: 0, notifications: 0, nightInterruptions: 0 },
      { userId: 'bob', onCallHours: 24, pages: 0, notifications: 0, nightInterruptions: 0 },
    ]);
  });

  it('a 3 AM call and its SMS fallback are one night-time interruption in the person own zone', () => {
    const report = fatigueReport({
      month: '2026-11',
      zone: 'UTC',
      shifts: [],
      pages: [
        { userId: 'alice', alertId: 'a1', at: new Date('2026-11-10T09:00:00Z') }, // 03:00 Chicago
        { userId: 'alice', alertId: 'a1', at: new Date('2026-11-10T09:01:00Z') },
        { userId: 'alice', alertId: 'a2', at: new Date('2026-11-10T18:00:00Z') }, // noon Chicago
        { userId: 'bob', alertId: 'a2', at: new Date('2026-11-10T23:30:00Z') }, // 23:30 UTC
        { userId: 'bob', alertId: 'a3', at: new Date('2026-12-01T01:00:00Z') }, // next month
      ],
      userZones: new Map([['alice', 'America/Chicago']]),
    });
    const byUser = Object.fromEntries(report.map((p) => [p.userId, p]));
    expect(byUser.alice).toMatchObject({ pages: 2, notifications: 3, nightInterruptions: 1 });
    expect(byUser.bob).toMatchObject({ pages: 1, notifications: 1, nightInterruptions: 1 });
  });

  it('rejects a month that is not YYYY-MM', () => {
    expect(() => monthBounds('2026-13', 'UTC')).toThrow(/invalid month "2026-13"/);
  });
});

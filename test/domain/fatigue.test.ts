import { fatigueReport, monthBounds, type PageEvent } from '../../src/domain/fatigue';
import type { Shift } from '../../src/domain/schedule.types';

const shift = (userId: string | null, start: string, end: string): Shift => ({
  userId,
  start: new Date(start),
  end: new Date(end),
  source: 'rotation',
});
const page = (userId: string, alertId: string, at: string): PageEvent => ({ userId, alertId, at: new Date(at) });
const base = { month: '2026-11', zone: 'UTC', shifts: [] as Shift[], pages: [] as PageEvent[], userZones: new Map<string, string>() };
const byUser = (r: ReturnType<typeof fatigueReport>) => Object.fromEntries(r.people.map((p) => [p.userId, p]));

describe('fatigue report', () => {
  it('counts on-call hours only inside the month, in the report zone', () => {
    const { from, to } = monthBounds('2026-11', 'America/Chicago');
    expect(from.toISOString()).toBe('2026-11-01T05:00:00.000Z');
    expect(to.toISOString()).toBe('2026-12-01T06:00:00.000Z');
    const report = fatigueReport({
      ...base,
      zone: 'America/Chicago',
      shifts: [
        shift('alice', '2026-10-31T05:00:00Z', '2026-11-02T05:00:00Z'), // 24 h fall inside November
        shift(null, '2026-11-02T05:00:00Z', '2026-11-03T05:00:00Z'), // a gap belongs to nobody
        shift('bob', '2026-11-03T05:00:00Z', '2026-11-04T05:00:00Z'),
      ],
    });
    expect(report.people.map((p) => [p.userId, p.onCallHours.total])).toEqual([['alice', 24], ['bob', 24]]);
  });

  it("splits on-call hours into business hours, after hours, weekends and holidays in the person's own zone", () => {
    // Tue 2026-11-24 00:00 to Sat 2026-11-28 00:00 Chicago time; Thanksgiving (Thu 26th) is a holiday.
    const report = fatigueReport({
      ...base,
      shifts: [shift('alice', '2026-11-24T06:00:00Z', '2026-11-29T06:00:00Z')], // ...and all of Saturday
      userZones: new Map([['alice', 'America/Chicago']]),
      holidays: new Set(['2026-11-26']),
    });
    expect(byUser(report).alice!.onCallHours).toEqual({ total: 120, business: 24, afterHours: 48, weekend: 24, holiday: 24 });
  });

  it('a day that loses an hour to DST counts 23 hours, in the right buckets', () => {
    // Sunday 2026-03-08 in Chicago is 23 hours long, all of it weekend.
    const report = fatigueReport({ ...base, month: '2026-03', shifts: [shift('alice', '2026-03-08T06:00:00Z', '2026-03-09T05:00:00Z')], userZones: new Map([['alice', 'America/Chicago']]) });
    expect(byUser(report).alice!.onCallHours).toMatchObject({ total: 23, weekend: 23, business: 0 });
  });

  it('a 3 AM call and its SMS fallback a minute later are one night-time interruption in the person own zone', () => {
    const report = fatigueReport({
      ...base,
      pages: [
        page('alice', 'a1', '2026-11-10T09:00:00Z'), // 03:00 Chicago
        page('alice', 'a1', '2026-11-10T09:01:00Z'),
        page('alice', 'a2', '2026-11-10T18:00:00Z'), // noon Chicago
        page('bob', 'a2', '2026-11-10T23:30:00Z'), // 23:30 UTC
        page('bob', 'a3', '2026-12-01T01:00:00Z'), // next month
      ],
      userZones: new Map([['alice', 'America/Chicago']]),
    });
    expect(byUser(report).alice).toMatchObject({ pages: 2, notifications: 3, interruptions: 2, nightInterruptions: 1 });
    expect(byUser(report).bob).toMatchObject({ pages: 1, notifications: 1, interruptions: 1, nightInterruptions: 1 });
  });

  it('pages of different alerts within 60 s of each other are one interruption, as PagerDuty counts; 61 s apart are two', () => {
    const report = fatigueReport({
      ...base,
      pages: [page('alice', 'a1', '2026-11-10T03:00:00Z'), page('alice', 'a2', '2026-11-10T03:00:40Z'), page('alice', 'a3', '2026-11-10T03:01:41Z')],
    });
    expect(byUser(report).alice).toMatchObject({ pages: 3, interruptions: 2, nightInterruptions: 2 });
  });

  it('mean and worst time to acknowledge are measured from the first page the person got for that alert', () => {
    const report = fatigueReport({
      ...base,
      pages: [page('alice', 'a1', '2026-11-10T12:00:00Z'), page('alice', 'a1', '2026-11-10T12:05:00Z'), page('alice', 'a2', '2026-11-11T12:00:00Z')],
      acks: [
        { userId: 'alice', alertId: 'a1', at: new Date('2026-11-10T12:06:00Z') }, // 360 s after the first page
        { userId: 'alice', alertId: 'a2', at: new Date('2026-11-11T12:02:00Z') }, // 120 s
        { userId: 'alice', alertId: 'not-paged', at: new Date('2026-11-11T12:02:00Z') },
      ],
    });
    expect(byUser(report).alice).toMatchObject({ acknowledged: 2, meanAckSeconds: 240, worstAckSeconds: 360 });
    expect(report.team.meanAckSeconds).toBe(240);
  });

  it('warns about more than 3 night interruptions in 7 days, and about on-call hours 50% above the team mean', () => {
    const nights = ['03', '04', '05', '06'].map((d, i) => page('bob', `n${i}`, `2026-11-${d}T02:00:00Z`));
    const report = fatigueReport({
      ...base,
      shifts: [shift('alice', '2026-11-01T00:00:00Z', '2026-11-11T00:00:00Z'), shift('bob', '2026-11-11T00:00:00Z', '2026-11-14T00:00:00Z')],
      pages: nights,
      people: ['alice', 'bob', 'carol'],
    });
    const people = byUser(report);
    expect(report.team).toMatchObject({ people: 3, onCallHours: 104, nightInterruptions: 1.33 });
    expect(people.carol).toMatchObject({ onCallHours: { total: 0 }, pages: 0, warnings: [] });
    expect(people.bob!.warnings).toEqual([{ code: 'night_interruptions', message: '4 night-time interruptions within 7 days (more than 3)' }]);
    expect(people.alice!.warnings).toEqual([{ code: 'on_call_hours', message: '240 on-call hours, 131% above the team mean of 104' }]);
  });

  it('3 night interruptions in a week, or 4 spread over more than 7 days, do not warn', () => {
    const report = fatigueReport({ ...base, pages: ['01', '05', '09', '13'].map((d, i) => page('bob', `n${i}`, `2026-11-${d}T02:00:00Z`)) });
    expect(byUser(report).bob).toMatchObject({ nightInterruptions: 4, warnings: [] });
  });

  it('rejects a month that is not YYYY-MM', () => {
    expect(() => monthBounds('2026-13', 'UTC')).toThrow(/invalid month "2026-13"/);
  });
});

import { DateTime } from 'luxon';
import { planNotices } from '../../src/domain/handoff-notices';
import { effectiveNoticePrefs, wantsNotice } from '../../src/domain/notice-prefs';
import { shiftChangeNotices } from '../../src/domain/shift-changes';
import { aLayer, aSchedule, members } from './fixtures/schedule.fixtures';

const chi = (local: string) => DateTime.fromISO(local, { zone: 'America/Chicago' }).toMillis();
const names = { alice: 'Alice', bob: 'Bob' };

function weekly(handoffTime = '09:00') {
  return aSchedule({
    id: 'platform',
    name: 'Platform',
    timezone: 'America/Chicago',
    layers: [aLayer({ rotationType: 'weekly', handoffTime, startDate: '2027-03-01', members: members('alice', 'bob') })],
  });
}

describe('planning handoff notices', () => {
  it('when the rotation hands over, the person going off and the person coming on are told in the sketch wording', () => {
    const { notices } = planNotices({ schedule: weekly(), cursor: chi('2027-03-02T00:00'), names, reminderHours: {} });
    const first = notices.filter((n) => n.at === chi('2027-03-08T09:00'));
    expect(first.map((n) => [n.userId, n.text])).toEqual([
      ['alice', 'Your on-call shift has ended. Bob is now on-call.'],
      ['bob', 'You are now on-call for Platform.'],
    ]);
  });

  it('a handoff across the spring DST change still happens at 09:00 local time', () => {
    const { notices } = planNotices({ schedule: weekly(), cursor: chi('2027-03-09T00:00'), names, reminderHours: {} });
    expect(notices[0]?.at).toBe(Date.parse('2027-03-15T14:00:00Z'));
  });

  it('a reminder goes out N hours before the shift, and not at all when N is 0', () => {
    const plan = planNotices({ schedule: weekly(), cursor: chi('2027-03-02T00:00'), names, reminderHours: { bob: 12, alice: 0 } });
    const reminders = plan.notices.filter((n) => n.kind === 'reminder');
    expect(reminders.map((n) => [n.userId, new Date(n.at).toISOString()])).toEqual([['bob', '2027-03-08T03:00:00.000Z']]);
    expect(reminders[0]?.text).toBe('Reminder: your on-call shift for Platform starts in 12 hours, at Mon 8 Mar 09:00 CST.');
  });

  it('planning twice from the same point gives the same keys, so a re-plan never sends a notice twice', () => {
    const a = planNotices({ schedule: weekly(), cursor: chi('2027-03-02T00:00'), names, reminderHours: { bob: 12 } });
    const b = planNotices({ schedule: weekly(), cursor: chi('2027-03-05T00:00'), names, reminderHours: { bob: 12 } });
    const later = a.notices.filter((n) => n.at > chi('2027-03-05T00:00')).map((n) => n.key);
    expect(b.notices.map((n) => n.key).slice(0, later.length)).toEqual(later);
  });
});

describe('change notices after an edit', () => {
  it('when the handoff time moves, both people are told what changed in the next 14 days', () => {
    const now = chi('2027-03-03T12:00');
    const before = planNotices({ schedule: weekly('09:00'), cursor: now, names, reminderHours: {} }).snapshot;
    const after = planNotices({ schedule: weekly('10:00'), cursor: now, names, reminderHours: {} }).snapshot;
    const changes = shiftChangeNotices({ scheduleId: 'platform', scheduleName: 'Platform', timezone: 'America/Chicago', before, after, now });
    expect(changes.map((c) => c.userId)).toEqual(['alice', 'bob']);
    expect(changes[1]?.text).toContain('Your on-call shifts for Platform changed. Now on call: Mon 8 Mar 10:00–Mon 15 Mar 10:00 CST');
  });

  it('time passing alone changes nothing', () => {
    const before = planNotices({ schedule: weekly(), cursor: chi('2027-03-02T00:00'), names, reminderHours: {} }).snapshot;
    const after = planNotices({ schedule: weekly(), cursor: chi('2027-03-09T00:00'), names, reminderHours: {} }).snapshot;
    const changes = shiftChangeNotices({ scheduleId: 'p', scheduleName: 'P', timezone: 'America/Chicago', before, after, now: chi('2027-03-09T00:00') });
    expect(changes).toEqual([]);
  });
});

describe('notice preferences', () => {
  it('without a choice of their own, a person gets every notice on their paging channels except phone calls', () => {
    const prefs = effectiveNoticePrefs(undefined, ['phone_call', 'email']);
    expect(prefs).toEqual({ handoffs: true, reminders: true, changes: true, debrief: true, reminderHours: 12, channels: ['email'] });
    expect(wantsNotice({ ...prefs, reminderHours: 0 }, 'reminders')).toBe(false);
  });
});

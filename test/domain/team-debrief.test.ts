import { DateTime } from 'luxon';
import { effectiveNoticePrefs, noticeChannelsFor } from '../../src/domain/notice-prefs';
import { debriefChannels, nextTeamDebrief, teamDebriefSettings } from '../../src/domain/team-debrief';

const chi = (local: string) => DateTime.fromISO(local, { zone: 'America/Chicago' }).toMillis();
const iso = (ms: number) => new Date(ms).toISOString();

describe('when a team debrief goes out', () => {
  it('a team without settings gets it at 08:00 UTC', () => {
    expect(teamDebriefSettings(null)).toEqual({ enabled: true, time: '08:00', timezone: 'UTC' });
    expect(teamDebriefSettings({ timezone: 'Europe/Paris' })).toEqual({ enabled: true, time: '08:00', timezone: 'Europe/Paris' });
  });

  it('the next debrief is the first local time strictly after the instant, for that local date', () => {
    const s = { time: '07:30', timezone: 'America/Chicago' };
    expect(nextTeamDebrief(s, chi('2027-12-20T06:00'))).toEqual({ at: chi('2027-12-20T07:30'), date: '2027-12-20' });
    expect(nextTeamDebrief(s, chi('2027-12-20T07:30'))).toEqual({ at: chi('2027-12-21T07:30'), date: '2027-12-21' });
  });

  it('across both DST changes it stays at the same wall-clock time', () => {
    const s = { time: '07:30', timezone: 'America/Chicago' };
    expect(iso(nextTeamDebrief(s, chi('2027-03-13T12:00')).at)).toBe('2027-03-14T12:30:00.000Z'); // CDT, UTC-5
    expect(iso(nextTeamDebrief(s, chi('2027-11-06T12:00')).at)).toBe('2027-11-07T13:30:00.000Z'); // CST, UTC-6
  });

  it('a time that does not exist on the spring-forward day still goes out that day', () => {
    const next = nextTeamDebrief({ time: '02:30', timezone: 'America/Chicago' }, chi('2027-03-13T12:00'));
    expect(next.date).toBe('2027-03-14');
    expect(iso(next.at)).toBe('2027-03-14T08:30:00.000Z'); // 03:30 CDT
  });
});

describe('which channels a notice topic uses', () => {
  it('a topic with its own channels uses them; the others use the notice channels', () => {
    const prefs = effectiveNoticePrefs({ channels: ['sms'], topicChannels: { debrief: ['slack'] } });
    expect(noticeChannelsFor(prefs, 'debrief')).toEqual(['slack']);
    expect(noticeChannelsFor(prefs, 'handoffs')).toEqual(['sms']);
  });

  it('the debrief goes by email and Slack only: someone who chose only SMS gets it by email', () => {
    expect(debriefChannels(effectiveNoticePrefs({ channels: ['sms'] }))).toEqual(['email']);
    expect(debriefChannels(effectiveNoticePrefs({ channels: ['sms', 'slack'] }))).toEqual(['slack']);
  });
});

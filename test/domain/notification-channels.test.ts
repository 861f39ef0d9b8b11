import { chooseChannels, quietHoursEnd } from '../../src/domain/notification-channels';

const night = { start: '22:00', end: '07:00' };
const at = (iso: string) => new Date(iso);
// 03:00 in Berlin (CET, UTC+1) on a winter night; 15:00 the same day is outside the quiet hours.
const BERLIN_NIGHT = at('2026-01-15T02:00:00Z');
const BERLIN_DAY = at('2026-01-15T14:00:00Z');
const person = (channels: ('phone_call' | 'sms' | 'email' | 'slack')[], quietHours = night) => ({
  prefs: { channels, quietHours },
  timezone: 'Europe/Berlin',
});

describe('choosing notification channels', () => {
  test('a critical alert phones even during quiet hours', () => {
    const plan = chooseChannels({ severity: 'critical', ...person(['sms']), now: BERLIN_NIGHT });
    expect(plan.deliver).toEqual(['phone_call', 'sms']);
    expect(plan.deferUntil).toBeUndefined();
  });

  test('a critical alert phones a person who chose only email, and emails them too', () => {
    const plan = chooseChannels({ severity: 'critical', ...person(['email']), now: BERLIN_DAY });
    expect(plan.deliver).toEqual(['phone_call', 'email']);
    expect(plan.skipped).toEqual([]);
  });

  test('a critical alert emails and posts to Slack even during quiet hours', () => {
    const plan = chooseChannels({ severity: 'critical', ...person(['email', 'slack']), now: BERLIN_NIGHT });
    expect(plan.deliver).toEqual(['phone_call', 'email', 'slack']);
    expect(plan.deferUntil).toBeUndefined();
  });

  test('a high alert during quiet hours texts now, and email and Slack wait until the quiet hours end (not dropped)', () => {
    const plan = chooseChannels({ severity: 'high', ...person(['phone_call', 'email', 'slack']), now: BERLIN_NIGHT });
    expect(plan.deliver).toEqual(['sms']);
    expect(plan.skipped).toEqual([]);
    expect(plan.later?.channels).toEqual(['email', 'slack']);
    expect(plan.later?.at.toISOString()).toBe('2026-01-15T06:00:00.000Z');
    expect(plan.deferUntil).toBeUndefined();
  });

  test.each(['medium', 'low'] as const)('a %s alert to someone who chose only email is emailed, not texted', (severity) => {
    expect(chooseChannels({ severity, ...person(['email']), now: BERLIN_DAY }).deliver).toEqual(['email']);
  });

  test.each(['medium', 'low'] as const)('a %s alert by email and Slack waits until the quiet hours end', (severity) => {
    const plan = chooseChannels({ severity, ...person(['email', 'slack']), now: BERLIN_NIGHT });
    expect(plan.deliver).toEqual([]);
    expect(plan.deferUntil?.toISOString()).toBe('2026-01-15T06:00:00.000Z');
    // Alone on the level the whole level waits; beside someone paged now, these channels wait for them.
    expect(plan.later).toEqual({ channels: ['email', 'slack'], at: plan.deferUntil });
  });

  test('a high alert follows the chosen channels outside quiet hours', () => {
    expect(chooseChannels({ severity: 'high', ...person(['phone_call']), now: BERLIN_DAY }).deliver).toEqual(['phone_call']);
    expect(chooseChannels({ severity: 'high', ...person(['phone_call', 'sms']), now: BERLIN_DAY }).deliver).toEqual(['phone_call', 'sms']);
  });

  test('a high alert texts instead of phoning during quiet hours', () => {
    const plan = chooseChannels({ severity: 'high', ...person(['phone_call']), now: BERLIN_NIGHT });
    expect(plan.deliver).toEqual(['sms']);
    expect(plan.deferUntil).toBeUndefined();
  });

  test('a high alert to a person with only email and Slack still texts them, and emails and posts too', () => {
    const plan = chooseChannels({ severity: 'high', ...person(['email', 'slack']), now: BERLIN_DAY });
    expect(plan.deliver).toEqual(['sms', 'email', 'slack']);
    expect(plan.skipped).toEqual([]);
  });

  test.each(['medium', 'low'] as const)('a %s alert never phones: it posts to Slack when chosen', (severity) => {
    const plan = chooseChannels({ severity, ...person(['phone_call', 'slack']), now: BERLIN_DAY });
    expect(plan.deliver).toEqual(['slack']);
    expect(chooseChannels({ severity, ...person(['phone_call']), now: BERLIN_DAY }).deliver).toEqual(['sms']);
  });

  test.each(['medium', 'low'] as const)('a %s alert waits until the quiet hours end (07:00 local)', (severity) => {
    const plan = chooseChannels({ severity, ...person(['sms']), now: BERLIN_NIGHT });
    expect(plan.deliver).toEqual([]);
    expect(plan.deferUntil?.toISOString()).toBe('2026-01-15T06:00:00.000Z');
    // Alone on the level the whole level waits; beside someone paged now, these channels wait for them.
    expect(plan.later).toEqual({ channels: ['sms'], at: plan.deferUntil });
  });

  test('a person without preferences or quiet hours gets at least an SMS', () => {
    const plan = chooseChannels({ severity: 'low', prefs: null, timezone: 'UTC', now: BERLIN_NIGHT });
    expect(plan.deliver).toEqual(['sms']);
  });
});

describe('quiet hours', () => {
  test('quiet hours within one day (13:00-14:00) end the same day', () => {
    expect(quietHoursEnd({ start: '13:00', end: '14:00' }, 'UTC', at('2026-03-02T13:30:00Z'))?.toISOString()).toBe(
      '2026-03-02T14:00:00.000Z',
    );
    expect(quietHoursEnd({ start: '13:00', end: '14:00' }, 'UTC', at('2026-03-02T14:00:00Z'))).toBeUndefined();
  });

  test('quiet hours over midnight hold before and after midnight, and not in the daytime', () => {
    const q = night;
    expect(quietHoursEnd(q, 'UTC', at('2026-03-02T23:10:00Z'))?.toISOString()).toBe('2026-03-03T07:00:00.000Z');
    expect(quietHoursEnd(q, 'UTC', at('2026-03-03T06:59:00Z'))?.toISOString()).toBe('2026-03-03T07:00:00.000Z');
    expect(quietHoursEnd(q, 'UTC', at('2026-03-03T12:00:00Z'))).toBeUndefined();
  });

  test('the end is found in local time across a spring-forward night (New York, 2026-03-08)', () => {
    // 23:00 EST on the 7th = 04:00Z on the 8th; clocks jump 02:00 -> 03:00, so 07:00 EDT = 11:00Z.
    const end = quietHoursEnd(night, 'America/New_York', at('2026-03-08T04:00:00Z'));
    expect(end?.toISOString()).toBe('2026-03-08T11:00:00.000Z');
  });

  test('the end is found in local time across a fall-back night (Berlin, 2026-10-25)', () => {
    // 23:00 CEST on the 24th = 21:00Z; clocks fall back 03:00 -> 02:00, so 07:00 CET = 06:00Z.
    const end = quietHoursEnd(night, 'Europe/Berlin', at('2026-10-24T21:00:00Z'));
    expect(end?.toISOString()).toBe('2026-10-25T06:00:00.000Z');
  });

  test('malformed quiet hours are ignored rather than silencing a person', () => {
    expect(quietHoursEnd({ start: '25:00', end: '07:00' }, 'UTC', at('2026-03-03T02:00:00Z'))).toBeUndefined();
  });
});

import { parseRunbook, parseRunbookText, type Runbook } from '../../src/domain/nightdesk';
import { runbookToSchedule } from '../../src/domain/nightdesk-convert';
import { buildPageText, findRule, resolvePage, resolveRunbookOnCall } from '../../src/domain/nightdesk-resolve';
import { resolveOnCall } from '../../src/domain/schedule-resolve';
import { utc } from './fixtures/schedule.fixtures';

// Verbatim from the NightDesk blog post.
const blogRunbook = {
  on_call_rotation: {
    timezone: 'America/Chicago',
    period_days: 7,
    schedule: [
      { name: 'Alice', phone: '+15551234567', start: '2026-06-16' },
      { name: 'Bob', phone: '+15557654321', start: '2026-06-23' },
      { name: 'Carol', phone: '+15559876543', start: '2026-06-30' },
    ],
  },
  escalation_rules: [{ trigger: 'server down', page: 'on-call', method: 'sms' }],
};

function parsed(value: unknown): Runbook {
  const r = parseRunbook(value);
  if (!r.ok) throw new Error(r.message);
  return r.runbook;
}
const who = (rb: Runbook, at: string) => resolveRunbookOnCall(rb, utc(at)).name;

describe('NightDesk runbooks', () => {
  const rb = parsed(blogRunbook);

  test('a call at 01:00 UTC on Tuesday (19:00 Monday in Chicago) still goes to the outgoing person', () => {
    expect(who(rb, '2026-06-23T01:00Z')).toBe('Alice');
    expect(who(rb, '2026-06-23T04:59Z')).toBe('Alice');
    expect(who(rb, '2026-06-23T05:00Z')).toBe('Bob');
  });

  test('the slot wraps modulo the number of entries', () => {
    expect(who(rb, '2026-07-01T12:00Z')).toBe('Carol');
    expect(who(rb, '2026-07-08T12:00Z')).toBe('Alice');
    expect(who(rb, '2027-06-15T12:00Z')).toBe(['Alice', 'Bob', 'Carol'][Math.floor(364 / 7) % 3]);
  });

  test('adding David (the blog edit) puts him on call from June 30', () => {
    const withDavid = parsed({
      ...blogRunbook,
      on_call_rotation: {
        ...blogRunbook.on_call_rotation,
        schedule: [...blogRunbook.on_call_rotation.schedule.slice(0, 2), { name: 'David', phone: '+15558765432', start: '2026-06-30' }],
      },
    });
    expect(who(withDavid, '2026-06-30T05:00Z')).toBe('David');
    expect(resolveRunbookOnCall(withDavid, utc('2026-07-02T00:00Z'))).toMatchObject({ name: 'David', phone: '+15558765432' });
  });

  test('in the week clocks fall back the handoff stays at local midnight (06:00 UTC instead of 05:00)', () => {
    // 2026-11-03 is 20 weeks after the anchor: slot 20 -> Carol; slot 19 -> Bob.
    expect(who(rb, '2026-11-03T05:30Z')).toBe('Bob');
    expect(who(rb, '2026-11-03T06:00Z')).toBe('Carol');
    expect(resolveRunbookOnCall(rb, utc('2026-11-01T12:00Z'))).toMatchObject({ shiftStart: utc('2026-10-27T05:00Z'), shiftEnd: utc('2026-11-03T06:00Z') });
  });

  test('before the earliest start nobody is on call', () => {
    expect(resolveRunbookOnCall(rb, utc('2026-06-16T04:59Z'))).toEqual({ name: null, phone: null, reason: 'rotation not started' });
  });

  test('entries are ordered by start date, whatever their order in the file', () => {
    const shuffled = parsed({ ...blogRunbook, on_call_rotation: { ...blogRunbook.on_call_rotation, schedule: [...blogRunbook.on_call_rotation.schedule].reverse() } });
    expect(who(shuffled, '2026-06-24T12:00Z')).toBe('Bob');
  });

  test('the "on-call" sentinel resolves to the person; other targets pass through unchanged', () => {
    const rule = findRule(rb, 'Server Down')!;
    expect(resolvePage(rb, rule, utc('2026-06-23T01:00Z'))).toMatchObject({ sentinel: true, name: 'Alice', phone: '+15551234567', method: 'sms' });
    const old = parsed({ escalation_rules: [{ trigger: 'server down', page: 'alice@msp.com', method: 'email' }] });
    expect(resolvePage(old, old.escalation_rules[0]!, utc('2026-06-23T01:00Z'))).toMatchObject({ sentinel: false, name: 'alice@msp.com', page: 'alice@msp.com' });
  });

  test('the page text names the person paged, as in the blog', () => {
    const page = resolvePage(rb, rb.escalation_rules[0]!, utc('2026-06-23T01:00Z'));
    expect(
      buildPageText({ trigger: page.trigger, client: 'Acme Manufacturing', caller: 'Bob (CTO)', firstMessage: 'the VPN has been down for 20 minutes.', onCall: page.name }),
    ).toBe('Server down — Acme Manufacturing. Caller: Bob (CTO). First message: "the VPN has been down for 20 minutes." On-call: Alice');
    expect(buildPageText({ trigger: 'server down', client: 'Acme Manufacturing', caller: '+15550001111', onCall: 'Alice' })).toBe(
      'Server down — Acme Manufacturing. Caller: +15550001111. On-call: Alice',
    );
  });

  test('converted to a schedule, it gives the same person at every hour of a year across both DST changes', () => {
    const schedule = runbookToSchedule(rb)!;
    expect(schedule.layers[0]).toMatchObject({ rotationType: 'weekly', handoffDay: 2, handoffTime: '00:00', startDate: '2026-06-16' });
    for (let t = utc('2026-06-16T05:00Z').getTime(); t < utc('2027-06-16T05:00Z').getTime(); t += 3600_000) {
      const a = resolveRunbookOnCall(rb, new Date(t));
      const b = resolveOnCall(schedule, new Date(t));
      if (a.name !== b.userId || (a.name && (a.shiftStart.getTime() !== b.shiftStart?.getTime() || a.shiftEnd.getTime() !== b.shiftEnd?.getTime())))
        throw new Error(`${new Date(t).toISOString()}: runbook ${JSON.stringify(a)} vs schedule ${JSON.stringify(b)}`);
    }
  });

  test('a 3-day rotation in America/Santiago hands off at 01:00 on the day midnight does not exist', () => {
    const santiago = parsed({ on_call_rotation: { timezone: 'America/Santiago', period_days: 3, schedule: blogRunbook.on_call_rotation.schedule.map((e, i) => ({ ...e, start: `2026-09-0${i * 3 + 3}` })) } });
    expect(resolveRunbookOnCall(santiago, utc('2026-09-06T05:00Z'))).toMatchObject({ name: 'Bob', shiftStart: utc('2026-09-06T04:00Z') });
    expect(runbookToSchedule(santiago)!.layers[0]).toMatchObject({ rotationType: 'custom', periodDays: 3 });
  });
});

describe('runbook validation names the field', () => {
  const bad = (patch: (rb: typeof blogRunbook) => unknown) => parseRunbook(patch(structuredClone(blogRunbook)));

  test.each([
    ['a phone that is not E.164', (rb: typeof blogRunbook) => ((rb.on_call_rotation.schedule[1]!.phone = '555-1234'), rb), 'on_call_rotation.schedule.1.phone'],
    ['an unknown time zone', (rb: typeof blogRunbook) => ((rb.on_call_rotation.timezone = 'America/Chicag'), rb), 'on_call_rotation.timezone'],
    ['a zero period', (rb: typeof blogRunbook) => ((rb.on_call_rotation.period_days = 0), rb), 'on_call_rotation.period_days'],
    ['an impossible start date', (rb: typeof blogRunbook) => ((rb.on_call_rotation.schedule[0]!.start = '2026-06-31'), rb), 'on_call_rotation.schedule.0.start'],
    ['an empty schedule', (rb: typeof blogRunbook) => ((rb.on_call_rotation.schedule = []), rb), 'on_call_rotation.schedule'],
    ['a rule without method', (rb: typeof blogRunbook) => ({ ...rb, escalation_rules: [{ trigger: 'x', page: 'on-call' }] }), 'escalation_rules.0.method'],
    ['the sentinel without a rotation', (rb: typeof blogRunbook) => ({ escalation_rules: rb.escalation_rules }), 'escalation_rules.0.page'],
  ])('%s', (_label, patch, field) => {
    const r = bad(patch);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.field)).toContain(field);
  });

  test('text that is not JSON is refused with a message', () => {
    const r = parseRunbookText('{ "on_call_rotation": ');
    expect(r).toMatchObject({ ok: false, errors: [{ field: 'runbook' }] });
  });
});

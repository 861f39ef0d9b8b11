import { CALL_JOINABLE_MS, SMS_MAX_CHARS, bundleDueAt, bundleIntroText, bundleSmsReply, bundleSmsText, joinable, worstFirst } from '../../src/domain/page-bundle';
import { parseSmsCommand } from '../../src/domain/sms-command';

const MIN = 60_000;

describe('the per-person throttle', () => {
  it.each([
    ['the first page in a while goes at once', { previousSentAt: null, severity: 'high' as const }, 0],
    ['a page 10 s after a call waits out the minute', { previousSentAt: -10_000, severity: 'high' as const }, 50_000],
    ['a page long after the last call goes at once', { previousSentAt: -5 * MIN, severity: 'low' as const }, 0],
  ])('%s', (_name, o, due) => {
    expect(bundleDueAt({ now: 0, throttleMs: MIN, criticalCapMs: MIN, ...o })).toBe(due);
  });

  it('a critical page is never held longer than the fleet default, even under a longer personal throttle', () => {
    expect(bundleDueAt({ now: 0, previousSentAt: 0, throttleMs: 5 * MIN, criticalCapMs: MIN, severity: 'critical' })).toBe(MIN);
    expect(bundleDueAt({ now: 0, previousSentAt: 0, throttleMs: 5 * MIN, criticalCapMs: MIN, severity: 'high' })).toBe(5 * MIN);
  });

  it('a text gathers for a moment, but never longer than the throttle allows', () => {
    expect(bundleDueAt({ now: 0, previousSentAt: null, throttleMs: MIN, criticalCapMs: MIN, severity: 'high', gatherMs: 1_000 })).toBe(1_000);
    expect(bundleDueAt({ now: 0, previousSentAt: null, throttleMs: 0, criticalCapMs: 0, severity: 'high', gatherMs: 1_000 })).toBe(0);
  });
});

describe('which bundle a new page may join', () => {
  const now = new Date('2026-12-01T03:00:00Z');
  const ago = (ms: number) => new Date(now.getTime() - ms);
  it.each([
    ['a call waiting for its turn', { channel: 'phone_call' as const, status: 'open', sentAt: null }, true],
    ['a call being dialled', { channel: 'phone_call' as const, status: 'dialling', sentAt: null }, true],
    ['a call that went out a moment ago (it may still ring)', { channel: 'phone_call' as const, status: 'placed', sentAt: ago(5_000) }, true],
    ['a call that went out longer ago than any call rings (its end was never heard of)', { channel: 'phone_call' as const, status: 'placed', sentAt: ago(CALL_JOINABLE_MS) }, false],
    ['a call that was answered', { channel: 'phone_call' as const, status: 'sealed', sentAt: ago(5_000) }, false],
    ['a text still gathering', { channel: 'sms' as const, status: 'open', sentAt: null }, true],
    ['a text being sent', { channel: 'sms' as const, status: 'dialling', sentAt: null }, false],
  ])('%s', (_name, b, expected) => {
    expect(joinable(b, now)).toBe(expected);
  });
});

describe('what a bundle says', () => {
  const members = worstFirst([
    { severity: 'high' as const, title: 'Queue stuck', at: '2026-01-01T00:00:02Z' },
    { severity: 'critical' as const, title: 'Database down', at: '2026-01-01T00:00:03Z' },
    { severity: 'high' as const, title: 'API slow', at: '2026-01-01T00:00:01Z' },
  ]);

  it('lists the worst first, then the oldest', () => {
    expect(members.map((m) => m.title)).toEqual(['Database down', 'API slow', 'Queue stuck']);
  });

  it('the call names how many and the worst', () => {
    expect(bundleIntroText('Alice', members)).toBe('Hello Alice. This is Nightline. You have 3 unacknowledged alerts. The worst is critical: Database down.');
  });

  it('the text gives a reply code per alert and the ack-all reply', () => {
    expect(bundleSmsText(members.map((m, i) => ({ ...m, code: String(12 + i) })))).toBe(
      'Nightline: 3 unacknowledged alerts\n#12 CRITICAL: Database down\n#13 HIGH: API slow\n#14 HIGH: Queue stuck\nReply 1 #code to ack one, 1 ALL to ack all',
    );
  });

  it('a text for a big bundle stays within the 1,600 characters Twilio accepts: the worst are listed, the rest counted', () => {
    const many = Array.from({ length: 90 }, (_, i) => ({ severity: i < 3 ? ('critical' as const) : ('low' as const), title: `Disk almost full on host number ${i} in rack seven of the east hall`, code: String(100 + i) }));
    const text = bundleSmsText(many);
    expect(text.length).toBeLessThanOrEqual(SMS_MAX_CHARS);
    const lines = text.split('\n');
    expect(lines[0]).toBe('Nightline: 90 unacknowledged alerts');
    expect(lines[1]).toMatch(/^#100 CRITICAL: Disk almost full/);
    const listed = lines.filter((l) => l.startsWith('#')).length;
    expect(listed).toBeGreaterThan(10);
    expect(lines.at(-2)).toBe(`+${90 - listed} more (1 ALL acks them too)`);
    expect(lines.at(-1)).toBe('Reply 1 #code to ack one, 1 ALL to ack all');
  });

  it('the answer to "1 ALL" names the codes it acknowledged and how many were already handled', () => {
    expect(bundleSmsReply('acknowledge', ['12', '14'], 1)).toBe('Acknowledged 2 alerts: #12 #14 (1 already handled).');
    expect(bundleSmsReply('resolve', [], 2)).toBe('Nothing changed (2 already handled).');
  });
});

describe('replies that act on a whole bundled text', () => {
  it.each(['1 ALL', 'all 1', 'ack all', 'ACK ALL!'])('"%s" acknowledges all', (body) => {
    expect(parseSmsCommand(body)).toEqual({ kind: 'all', action: 'acknowledge' });
  });
  it.each(['3 all', 'resolve all'])('"%s" resolves all', (body) => {
    expect(parseSmsCommand(body)).toEqual({ kind: 'all', action: 'resolve' });
  });
  it('"stop all" is still the carrier keyword, and "2 all" (escalate all) is not understood', () => {
    expect(parseSmsCommand('stop all')).toEqual({ kind: 'stop' });
    expect(parseSmsCommand('2 all')).toEqual({ kind: 'unknown' });
  });
});

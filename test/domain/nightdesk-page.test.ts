import { parseRunbook, type Runbook } from '../../src/domain/nightdesk';
import { planRunbookPage, SMS_SEGMENT_CHARS } from '../../src/domain/nightdesk-page';

function runbook(rules: Array<{ trigger: string; page: string; method: string }>): Runbook {
  const parsed = parseRunbook({
    on_call_rotation: {
      timezone: 'America/Chicago',
      period_days: 7,
      schedule: [
        { name: 'Alice', phone: '+15550001111', start: '2027-03-01' },
        { name: 'Bob', phone: '+15550002222', start: '2027-03-08' },
      ],
    },
    escalation_rules: rules,
  });
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.runbook;
}

const monday = new Date('2027-03-02T15:00:00Z');
const post = { client: 'Acme Manufacturing', caller: 'Bob (CTO)', firstMessage: 'the VPN has been down for 20 minutes.' };

describe('NightDesk rules that page', () => {
  it('when the caller says "server down", the on-call person gets an SMS with the post\'s text', () => {
    const plan = planRunbookPage(runbook([{ trigger: 'server down', page: 'on-call', method: 'sms' }]), { reason: 'Server Down', at: monday, ...post });
    expect(plan).toMatchObject({ kind: 'rule', method: 'sms', target: { type: 'on-call', name: 'Alice', phone: '+15550001111' } });
    expect(plan.kind === 'rule' && plan.text).toBe(
      'Server down — Acme Manufacturing. Caller: Bob (CTO). First message: "the VPN has been down for 20 minutes." On-call: Alice',
    );
  });

  it('a transcribed sentence that contains the trigger matches it, ignoring case', () => {
    const plan = planRunbookPage(runbook([{ trigger: 'server down', page: 'on-call', method: 'sms' }]), { reason: 'Hi, our SERVER DOWN since noon', at: monday });
    expect(plan.kind).toBe('rule');
  });

  it('a rule paging an email address passes it straight through, by email', () => {
    const plan = planRunbookPage(runbook([{ trigger: 'server down', page: 'alice@msp.com', method: 'email' }]), { reason: 'server down', at: monday, ...post });
    expect(plan).toMatchObject({ kind: 'rule', method: 'email', target: { type: 'email', email: 'alice@msp.com' } });
  });

  it('no matching rule falls back to the line\'s or service\'s policy', () => {
    const plan = planRunbookPage(runbook([{ trigger: 'server down', page: 'on-call', method: 'sms' }]), { reason: 'printer jam', at: monday });
    expect(plan).toEqual({ kind: 'fallback', reason: 'no escalation rule matches "printer jam"' });
  });

  it('a long first message is shortened so the SMS fits one segment and still names who is on call', () => {
    const plan = planRunbookPage(runbook([{ trigger: 'server down', page: 'on-call', method: 'sms' }]), {
      reason: 'server down',
      at: monday,
      ...post,
      firstMessage: 'everything is broken '.repeat(20),
    });
    if (plan.kind !== 'rule') throw new Error('expected a rule');
    expect(plan.text.length).toBeLessThanOrEqual(SMS_SEGMENT_CHARS);
    expect(plan.text).toMatch(/…" On-call: Alice$/);
  });
});

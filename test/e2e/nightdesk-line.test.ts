import { DateTime } from 'luxon';
import request from 'supertest';
import { eventually } from '../fixtures/alerting.builders';
import { aPhone } from '../fixtures/builders';
import { mailpitSmtpUrl, messagesTo } from '../fixtures/mailpit';
import { expectValidTwiml } from '../fixtures/twiml-check';
import { requireSetupEnv } from '../setup/env';
import { startStack, type Stack } from '../fixtures/stack';

jest.setTimeout(90_000);

let s: Stack;
beforeAll(async () => {
  s = await startStack({ env: { SMTP_URL: mailpitSmtpUrl(), EMAIL_FROM: 'Nightline <pager@nightline.test>' } });
});
afterAll(async () => {
  await s?.stop();
});

/** The post's runbook, with Alice's week started yesterday in Chicago, so she is on call now. */
function theRunbook(people: { alice: string; bob: string; carol: string }, extraRules: object[] = []) {
  const start = DateTime.now().setZone('America/Chicago').minus({ days: 1 }).startOf('day');
  const day = (n: number) => start.plus({ days: n }).toISODate()!;
  return {
    on_call_rotation: {
      timezone: 'America/Chicago',
      period_days: 7,
      schedule: [
        { name: 'Alice', phone: people.alice, start: day(0) },
        { name: 'Bob', phone: people.bob, start: day(7) },
        { name: 'Carol', phone: people.carol, start: day(14) },
      ],
    },
    escalation_rules: [{ trigger: 'server down', page: 'on-call', method: 'sms' }, ...extraRules],
  };
}

/** Acme Manufacturing's line using the runbook, ringing the runbook's schedule when no rule matches. */
async function aNightDeskLine(extraRules: object[] = []) {
  const people = { alice: aPhone(), bob: aPhone(), carol: aPhone() };
  const imported = await s.api.post('/runbooks?name=Acme%20NightDesk', theRunbook(people, extraRules));
  expect(imported.status).toBe(201);
  const runbook = imported.body as { id: string; scheduleId: string };
  const line = await s.aLine({ scheduleId: runbook.scheduleId, runbookId: runbook.id });
  const caller = await s.api.post('/users', { name: 'Bob (CTO)', email: `cto-${aPhone().slice(-7)}@acme.test`, phone: aPhone(), timezone: 'America/Chicago' });
  expect(caller.status).toBe(201);
  return { people, line, runbook, callerPhone: (caller.body as { phone: string }).phone };
}

async function callEnds(sid: string) {
  const call = await s.sim.records.waitForCallEnd(sid, 30_000);
  for (const e of call.events) if (e.type === 'twiml') expectValidTwiml(e.xml);
  return call;
}

const alertTitled = (part: string) =>
  eventually(async () => {
    const found = ((await s.api.get('/alerts')).body.data as { id: string; title: string }[]).find((a) => a.title.includes(part));
    if (!found) throw new Error(`no alert titled …${part}… yet`);
    return found;
  }, 20_000, 200);

describe('NightDesk rules that page, end to end', () => {
  it('when a caller says "server down", Alice (on call in the rotation) gets the SMS with the post\'s text', async () => {
    const { people, line, callerPhone } = await aNightDeskLine();
    const call = await callEnds(
      s.sim.placeInboundCall({ from: callerPhone, to: line.number, script: { say: ['Server down, the VPN has been down for 20 minutes.'] } }).sid,
    );
    expect(call.events).toContainEqual(expect.objectContaining({ type: 'gather', speech: 'Server down, the VPN has been down for 20 minutes.' }));
    expect(call.events.some((e) => e.type === 'dial')).toBe(false);

    const sms = await s.waitForTextTo(people.alice, 20_000);
    // The post's em dash goes out as a plain dash (GSM-7), which keeps the page to one segment.
    expect(sms.body).toBe('Server down - Acme Manufacturing. Caller: Bob (CTO). First message: "the VPN has been down for 20 minutes." On-call: Alice');
    expect(sms.numSegments).toBe(1);
    expect(s.textsTo(people.bob)).toEqual([]);

    const listed = await alertTitled('server down');
    const alert = await s.waitForAlert(listed.id, (a) => expect(a.timeline.map((e) => e.action)).toContain('runbook_paged'));
    const paged = alert.timeline.find((e) => e.action === 'runbook_paged');
    expect(paged?.details).toContain(`Alice by SMS (${people.alice}) paged under NightDesk rule "server down"`);
    expect(paged?.details).toContain('Server down — Acme Manufacturing. Caller: Bob (CTO). First message: "the VPN has been down for 20 minutes." On-call: Alice');

    // Alice acknowledges it like any other alert.
    const ack = await s.api.post(`/alerts/${listed.id}/acknowledge`, { by: 'Alice' });
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ ok: true, status: 'acknowledged' });
    await s.waitForAlert(listed.id, (a) => expect(a.status).toBe('acknowledged'));
  });

  it('a rule with "page": "alice@msp.com" picked from the keypad emails Alice', async () => {
    const { line, callerPhone } = await aNightDeskLine([{ trigger: 'email outage', page: 'alice@msp.com', method: 'email' }]);
    const call = await callEnds(s.sim.placeInboundCall({ from: callerPhone, to: line.number, script: { pressDigits: ['2'] } }).sid);
    const menu = call.events.find((e) => e.type === 'twiml' && e.xml.includes('press 1 for server down, 2 for email outage'));
    expect(menu).toBeDefined();

    const listed = await alertTitled('email outage');
    const mail = await eventually(async () => {
      const found = (await messagesTo('alice@msp.com')).find((m) => m.Subject.includes(listed.title));
      if (!found) throw new Error('no email to alice@msp.com for this alert yet');
      return found;
    }, 20_000, 200);
    const full = (await (await fetch(`${requireSetupEnv('MAILPIT_URL')}/api/v1/message/${mail.ID}`)).json()) as { Text: string };
    expect(full.Text).toContain('Email outage — Acme Manufacturing. Caller: Bob (CTO). On-call: alice@msp.com');
    const alert = await s.waitForAlert(listed.id, (a) => expect(a.timeline.map((e) => e.action)).toContain('runbook_paged'));
    expect(alert.timeline.find((e) => e.action === 'runbook_paged')?.details).toContain('alice@msp.com by email');
  });

  it('a rule paging a phone number texts that number straight, naming it as on call', async () => {
    const desk = aPhone();
    const { line, callerPhone } = await aNightDeskLine([{ trigger: 'door alarm', page: desk, method: 'sms' }]);
    await callEnds(s.sim.placeInboundCall({ from: callerPhone, to: line.number, script: { pressDigits: ['2'] } }).sid);
    const sms = await s.waitForTextTo(desk, 20_000);
    expect(sms.body).toBe(`Door alarm - Acme Manufacturing. Caller: Bob (CTO). On-call: ${desk}`);
  });

  it('a rule with "method": "call" rings Alice, and her pressing 1 acknowledges the alert', async () => {
    const { people, line, callerPhone } = await aNightDeskLine([{ trigger: 'network down', page: 'on-call', method: 'call' }]);
    s.sim.phone(people.alice).answers({ pressDigits: ['1'] });
    await callEnds(s.sim.placeInboundCall({ from: callerPhone, to: line.number, script: { say: ['Our network down since midnight'] } }).sid);
    const page = await s.waitForCallTo(people.alice, 20_000);
    await s.sim.records.waitForCallEnd(page.sid, 30_000);
    const listed = await alertTitled('network down');
    const alert = await s.waitForAlert(listed.id, (a) => expect(a.status).toBe('acknowledged'));
    expect(alert.timeline.find((e) => e.action === 'runbook_paged')?.details).toContain(`Alice by phone call (${people.alice})`);
    expect(s.textsTo(people.alice)).toEqual([]);
  });

  it('when what the caller says matches no rule, the line rings its on-call person as usual', async () => {
    const { people, line, callerPhone } = await aNightDeskLine();
    s.sim.phone(people.alice).answers({ pressDigits: ['1'], hangUpAfterSeconds: 30 });
    const call = await callEnds(s.sim.placeInboundCall({ from: callerPhone, to: line.number, script: { say: ['the printer is jammed'] } }).sid);
    expect(call.events.find((e) => e.type === 'dial')).toMatchObject({ numbers: [people.alice], screened: 'accepted' });
    expect(s.textsTo(people.alice)).toEqual([]);
  });

  it("an alert whose title matches a rule of the service's runbook pages that rule's target, and another title pages the policy", async () => {
    const people = { alice: aPhone(), bob: aPhone(), carol: aPhone() };
    const runbook = (await s.api.post('/runbooks', theRunbook(people))).body as { id: string };
    const dave = await s.aUser('Dave', ['sms']);
    const policy = await s.aPolicy([[{ type: 'user', id: dave.id }]]);
    const created = await s.api.post('/services', { name: 'Acme VPN', escalationPolicyId: policy.id, runbookId: runbook.id });
    expect(created.status).toBe(201);
    const service = created.body as { id: string; routingKey: string; runbookId: string };
    expect(service.runbookId).toBe(runbook.id);
    const enqueue = (summary: string, dedup: string) =>
      request(s.url).post('/v2/enqueue').send({ routing_key: service.routingKey, event_action: 'trigger', dedup_key: dedup, payload: { summary, source: 'vpn-gw-1', severity: 'critical' } });

    expect((await enqueue('Server down', 'vpn-1')).status).toBe(202);
    const sms = await s.waitForTextTo(people.alice, 20_000);
    expect(sms.body).toBe('Server down - Acme VPN. On-call: Alice');
    // The monitor sends the same firing alert again: nobody is paged twice.
    expect((await enqueue('Server down', 'vpn-1')).status).toBe(202);

    expect((await enqueue('Disk 91% full', 'disk-1')).status).toBe(202);
    const policyPage = await s.waitForTextTo(dave.phone, 20_000);
    expect(policyPage.body).toContain('Disk 91% full');
    expect(s.textsTo(people.alice)).toHaveLength(1);

    // The monitor's resolve event closes the alert the rule paged.
    const resolved = await request(s.url).post('/v2/enqueue').send({ routing_key: service.routingKey, event_action: 'resolve', dedup_key: 'vpn-1' });
    expect(resolved.status).toBe(202);
    const alerts = (await s.api.get('/alerts')).body.data as { id: string; title: string; status: string }[];
    const ruled = alerts.find((a) => a.title === 'Server down');
    await s.waitForAlert(ruled!.id, (a) => expect(a.status).toBe('resolved'));
  });

  it('a phone line or a service naming a runbook that does not exist is refused with 400 naming runbookId', async () => {
    const policy = await s.aPolicy([[{ type: 'user', id: (await s.aUser('Erin')).id }]]);
    const missing = '0123456789abcdef01234567';
    const line = await s.api.post('/phone-lines', { number: aPhone(), name: 'Nowhere', escalationPolicyId: policy.id, runbookId: missing });
    expect(line.status).toBe(400);
    expect(line.body.error.details).toEqual([expect.objectContaining({ field: 'runbookId' })]);
    const malformed = await s.api.post('/phone-lines', { number: aPhone(), name: 'Nowhere', escalationPolicyId: policy.id, runbookId: 'not-an-id' });
    expect(malformed.status).toBe(400);
    const service = await s.api.post('/services', { name: 'Nowhere', escalationPolicyId: policy.id, runbookId: missing });
    expect(service.status).toBe(400);
    expect(service.body.error.details).toEqual([expect.objectContaining({ field: 'runbookId' })]);
  });
});

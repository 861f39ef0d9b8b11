import { startStack, type Stack } from '../fixtures/stack';

jest.setTimeout(60_000);

let s: Stack;
beforeAll(async () => {
  s = await startStack();
});
afterAll(async () => {
  await s?.stop();
});

const actions = (a: { timeline: { action: string }[] }) => a.timeline.map((e) => e.action);

describe('SMS fallback and replies, end to end', () => {
  it('no answer → SMS fallback → an "ack" reply by SMS → acknowledged, with a confirmation naming the alert', async () => {
    const alice = await s.aUser('Alice');
    const policy = await s.aPolicy([[{ type: 'user', id: alice.id }]]);
    s.sim.phone(alice.phone).ringOut();
    const id = await s.trigger(policy.id, { title: 'Disk full' });
    const text = await s.waitForTextTo(alice.phone);
    expect(text.body).toBe('Nightline #1 CRITICAL: Disk full (api-prod). Reply 1 ack, 3 resolve, 2 escalate');
    expect(text.numSegments).toBe(1);
    await s.waitForAlert(id, (a) => expect(actions(a)).toEqual(expect.arrayContaining(['notification_no_answer', 'sms_fallback'])));

    const answer = await s.sim.sendSms({ from: alice.phone, to: s.nightlineNumber, body: 'ack' });
    expect(answer.webhook.responseStatus).toBe(200);
    expect(answer.replies.map((m) => m.body)).toEqual(['Nightline #1 Disk full: Acknowledged; paging stopped.']);
    await s.waitForAlert(id, (x) => {
      expect(x.status).toBe('acknowledged');
      expect(x.timeline).toContainEqual(expect.objectContaining({ action: 'acknowledged', actor: 'Alice', details: expect.stringContaining('via sms') }));
    });
  });

  it('with two open alerts, "resolve <code>" resolves the one named, and a reply to it afterwards says it ended', async () => {
    const bob = await s.aUser('Bob', ['sms']);
    const policy = await s.aPolicy([[{ type: 'user', id: bob.id }]]);
    const first = await s.trigger(policy.id, { title: 'Queue stuck', severity: 'high' });
    await s.sim.records.waitFor(() => s.textsTo(bob.phone).length >= 1, 15_000, 'the first page');
    const second = await s.trigger(policy.id, { title: 'API slow', severity: 'high' });
    await s.sim.records.waitFor(() => s.textsTo(bob.phone).length >= 2, 15_000, 'the second page');
    expect(s.textsTo(bob.phone).map((m) => m.body.slice(0, 24))).toEqual(['Nightline #1 HIGH: Queue', 'Nightline #2 HIGH: API s']);

    const r1 = await s.sim.sendSms({ from: bob.phone, to: s.nightlineNumber, body: 'Resolve 1' });
    expect(r1.replies[0]?.body).toBe('Nightline #1 Queue stuck: Resolved.');
    await s.waitForAlert(first, (a) => expect(a.status).toBe('resolved'));
    expect((await s.alert(second)).status).toBe('triggered');

    const r2 = await s.sim.sendSms({ from: bob.phone, to: s.nightlineNumber, body: '1 #1' });
    expect(r2.replies[0]?.body).toMatch(/^Nightline #1 Queue stuck: Nothing changed: already resolved by Bob/);
  });

  it('STOP turns SMS pages off (the timeline says why) and START turns them on again', async () => {
    const cy = await s.aUser('Cy', ['sms']);
    const policy = await s.aPolicy([[{ type: 'user', id: cy.id }]]);
    const stop = await s.sim.sendSms({ from: cy.phone, to: s.nightlineNumber, body: 'STOP' });
    expect(stop.replies[0]?.body).toMatch(/no more SMS pages/);
    const id = await s.trigger(policy.id, { severity: 'high' });
    await s.waitForAlert(id, (x) =>
      expect(x.timeline).toContainEqual(expect.objectContaining({ action: 'notification_failed', details: expect.stringContaining('Cy opted out of SMS pages (replied STOP)') })),
    );
    expect(s.textsTo(cy.phone).filter((m) => m.direction === 'outbound-api')).toEqual([]);

    await s.sim.sendSms({ from: cy.phone, to: s.nightlineNumber, body: 'start' });
    await s.trigger(policy.id, { severity: 'high', title: 'Again' });
    const page = await s.sim.records.waitFor(() => s.textsTo(cy.phone).find((m) => m.direction === 'outbound-api'), 15_000, 'a page after START');
    expect(page.body).toContain('Again');
  });

  it('a stranger texting the number is turned away politely', async () => {
    const r = await s.sim.sendSms({ from: '+15550199999', to: s.nightlineNumber, body: 'ack' });
    expect(r.replies[0]?.body).toMatch(/does not belong to anyone on call here/);
  });
});

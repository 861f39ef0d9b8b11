import { createSmsPaging, toGsm7 } from '../../src/db/sms-paging';
import { alertRef, pageSmsText } from '../../src/domain/notification-text';
import { TemporalUnavailableError } from '../../src/temporal/engine-errors';
import { aUserInDb } from '../fixtures/alerting.builders';
import { aPagedAlert, buildTwilioApp, twiml } from './twilio-harness';

let t: Awaited<ReturnType<typeof buildTwilioApp>>;
beforeAll(async () => {
  t = await buildTwilioApp();
});
afterAll(async () => {
  await t?.close();
});
beforeEach(() => {
  t.fake.reset();
});

let seq = 0;
const NIGHTLINE = '+15550000000';
const text = (from: string, body: string, extra: Record<string, string> = {}) =>
  twiml(t, '/twilio/sms/incoming', { MessageSid: `SM${String(++seq).padStart(32, '0')}`, From: from, To: NIGHTLINE, Body: body, ...extra }, 'messaging');
const reply = (xml: string) => /<Message>([\s\S]*)<\/Message>/.exec(xml)?.[1]?.replace(/&quot;/g, '"').replace(/&apos;/g, "'") ?? null;

/** Pages `user` by SMS for a new alert, allocating their short code as the notify activity does. */
async function textedPage(user: { id: string; phone: string; name: string }, title: string, level = '0') {
  const page = await aPagedAlert(t, { ...user, email: '', timezone: 'UTC', notificationPrefs: { channels: ['sms'] }, createdAt: '', updatedAt: '' }, { channel: 'sms', title, level });
  const body = await createSmsPaging(t.conn).personalise({ alertId: page.alertId, person: user, text: pageSmsText({ alertRef: alertRef(page.alertId), severity: 'critical', title, source: 'api-prod' }) });
  return { ...page, body, code: Number(/#(\d+)/.exec(body)?.[1]) };
}

describe('SMS replies', () => {
  it('"ack" without a code acts on the latest page to that person and names the alert it touched', async () => {
    const alice = await aUserInDb(t.conn, { name: 'Alice' });
    await textedPage(alice, 'Disk full');
    const latest = await textedPage(alice, 'DB down');
    expect(latest.body).toBe(`Nightline #${latest.code} CRITICAL: DB down (api-prod). Reply 1 ack, 3 resolve, 2 escalate`);
    expect(reply(await text(alice.phone, ' "Ack" '))).toBe(`Nightline #${latest.code} DB down: Acknowledged; paging stopped.`);
    expect(t.fake.of('acknowledge').map((c) => c.args)).toEqual([[latest.alertId, { name: 'Alice', userId: alice.id }, 'sms']]);
  });

  it('with several open alerts, the code picks one ("resolve 1", "1 ack", "ACK #2")', async () => {
    const bob = await aUserInDb(t.conn, { name: 'Bob' });
    const first = await textedPage(bob, 'Queue stuck');
    const second = await textedPage(bob, 'API slow');
    expect([first.code, second.code]).toEqual([1, 2]);
    expect(reply(await text(bob.phone, `resolve ${first.code}`))).toBe('Nightline #1 Queue stuck: Resolved.');
    await text(bob.phone, `${second.code} ack`);
    await text(bob.phone, `ACK #${second.code}`);
    expect(t.fake.calls.filter((c) => c.method !== 'notificationOutcome').map((c) => [c.method, c.args[0]])).toEqual([
      ['resolve', first.alertId],
      ['acknowledge', second.alertId],
      ['acknowledge', second.alertId],
    ]);
  });

  it('"esc" escalates as of the level the person was paged at', async () => {
    const carol = await aUserInDb(t.conn, { name: 'Carol' });
    const page = await textedPage(carol, 'Cert expiring', '1');
    expect(reply(await text(carol.phone, 'esc'))).toBe(`Nightline #${page.code} Cert expiring: Escalated; the next level is being paged.`);
    expect(t.fake.of('escalate').map((c) => c.args)).toEqual([[page.alertId, { name: 'Carol', userId: carol.id }, 1, 'sms']]);
  });

  it('a reply to an alert that already ended says so', async () => {
    const dan = await aUserInDb(t.conn, { name: 'Dan' });
    const page = await textedPage(dan, 'Backup failed');
    t.fake.next.result = { ok: false, status: 'resolved', alreadyEnded: true, message: 'already resolved by Bob' };
    expect(reply(await text(dan.phone, '1'))).toBe(`Nightline #${page.code} Backup failed: Nothing changed: already resolved by Bob.`);
  });

  it('a number that is not a user gets a polite refusal and nothing changes', async () => {
    expect(reply(await text('+15559990001', 'ack'))).toMatch(/does not belong to anyone on call here, so nothing was changed/);
    expect(t.fake.calls).toEqual([]);
  });

  it('an unknown code, no pages at all, and gibberish each get a helpful reply', async () => {
    const erin = await aUserInDb(t.conn, { name: 'Erin' });
    expect(reply(await text(erin.phone, 'ack'))).toBe('Nightline: you have no pages to act on.');
    expect(reply(await text(erin.phone, 'ack 77'))).toMatch(/no page #77 was sent to you/);
    expect(reply(await text(erin.phone, 'what is going on'))).toMatch(/^Nightline did not understand "what is going on"/);
    expect(t.fake.calls).toEqual([]);
  });

  it('a replayed MessageSid does nothing twice and is not answered again', async () => {
    const fay = await aUserInDb(t.conn, { name: 'Fay' });
    await textedPage(fay, 'Disk full');
    const params = { MessageSid: 'SMreplayed00000000000000000000000', From: fay.phone, To: NIGHTLINE, Body: 'ack' };
    expect(reply(await twiml(t, '/twilio/sms/incoming', params, 'messaging'))).toMatch(/Acknowledged/);
    expect(reply(await twiml(t, '/twilio/sms/incoming', params, 'messaging'))).toBeNull();
    expect(t.fake.of('acknowledge')).toHaveLength(1);
  });

  it('when Temporal is unreachable, says to try again, and a redelivery of the same message can act', async () => {
    const gus = await aUserInDb(t.conn, { name: 'Gus' });
    await textedPage(gus, 'Disk full');
    const params = { MessageSid: 'SMretry0000000000000000000000000000', From: gus.phone, To: NIGHTLINE, Body: 'ack' };
    t.fake.next.error = new TemporalUnavailableError();
    expect(reply(await twiml(t, '/twilio/sms/incoming', params, 'messaging'))).toMatch(/could not act on that just now/);
    delete t.fake.next.error;
    expect(reply(await twiml(t, '/twilio/sms/incoming', params, 'messaging'))).toMatch(/Acknowledged/);
  });
});

describe('STOP, START and HELP', () => {
  it('STOP opts the number out of SMS pages, START opts it back in, HELP explains', async () => {
    const hal = await aUserInDb(t.conn, { name: 'Hal' });
    const paging = createSmsPaging(t.conn);
    expect(reply(await text(hal.phone, 'STOP'))).toMatch(/no more SMS pages on this number\. Phone calls continue\. Reply START/);
    expect(await paging.isOptedOut(hal.phone)).toBe(true);
    expect(reply(await text(hal.phone, 'start'))).toMatch(/SMS pages are on again/);
    expect(await paging.isOptedOut(hal.phone)).toBe(false);
    expect(reply(await text(hal.phone, 'HELP'))).toMatch(/reply 1 or ACK to acknowledge/);
    expect(t.fake.calls).toEqual([]);
  });

  it('STOP works for any number, and is not answered twice when Twilio already answered it', async () => {
    expect(reply(await text('+15559990002', 'unsubscribe', { OptOutType: 'STOP' }))).toBeNull();
    expect(await createSmsPaging(t.conn).isOptedOut('+15559990002')).toBe(true);
  });
});

describe('SMS page codes', () => {
  it('are small per-recipient numbers, stable for an alert, and the text stays plain GSM-7', async () => {
    const paging = createSmsPaging(t.conn);
    const ivy = await aUserInDb(t.conn);
    const jo = await aUserInDb(t.conn);
    const text1 = await paging.personalise({ alertId: 'a'.repeat(24), person: ivy, text: `Nightline #${alertRef('a'.repeat(24))} X — “quoted”…` });
    expect(text1).toBe('Nightline #1 X - "quoted"...');
    expect(await paging.personalise({ alertId: 'a'.repeat(24), person: ivy, text: `#${alertRef('a'.repeat(24))}` })).toBe('#1');
    expect(await paging.personalise({ alertId: 'b'.repeat(24), person: ivy, text: `#${alertRef('b'.repeat(24))}` })).toBe('#2');
    expect(await paging.personalise({ alertId: 'b'.repeat(24), person: jo, text: `#${alertRef('b'.repeat(24))}` })).toBe('#1');
    expect(toGsm7('a\u00a0b – c')).toBe('a b - c');
  });
});

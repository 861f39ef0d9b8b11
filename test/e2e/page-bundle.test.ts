import { Client, Connection } from '@temporalio/client';
import { alertModel } from '../../src/db/alert.model';
import { pageBundleModel } from '../../src/db/page-bundle.model';
import type { SimCall } from '../../src/telephony/simulator';
import { expectValidTwiml } from '../fixtures/twiml-check';
import { startStack, type AlertView, type Stack } from '../fixtures/stack';

jest.setTimeout(90_000);

/** One person, one phone: a 5 s throttle keeps these tests short (production default: 60 s). */
const THROTTLE_S = 5;

let s: Stack;
beforeAll(async () => {
  // A held page sleeps in its workflow (a timer) when its hold is longer than 1 s: here every held page does,
  // as with the production throttle of 60 s and the default hand-back bound of 15 s.
  s = await startStack({ env: { PAGE_THROTTLE_SECONDS: String(THROTTLE_S), BUNDLE_HAND_BACK_SECONDS: '1' } });
});
afterAll(async () => {
  await s?.stop();
});

const said = (call: SimCall) => call.events.flatMap((e) => (e.type === 'say' ? [e.text] : []));
const details = (a: AlertView) => a.timeline.map((e) => `${e.action}: ${e.details ?? ''}`);

async function finished(call: SimCall): Promise<SimCall> {
  const done = await s.sim.records.waitForCallEnd(call.sid, 20_000);
  for (const e of done.events) if (e.type === 'twiml') expectValidTwiml(e.xml);
  return done;
}
const nthCallTo = (phone: string, n: number) =>
  s.sim.records.waitFor(() => s.callsTo(phone)[n], 30_000, `call ${n + 1} to ${phone}`);

/** Alice alone on call; her first page is answered (with `first` pressed), the next calls as scripted. */
async function aliceOnCall(channels: string[] = ['phone_call']) {
  const alice = await s.aUser('Alice', channels);
  const policy = await s.aPolicy([[{ type: 'user', id: alice.id }]]);
  return { alice, policy };
}

/** How many placeCall activities the alert's workflow scheduled (from its Temporal history). */
async function placeCallsScheduled(alertId: string): Promise<number> {
  const doc = await alertModel(s.conn).findById(alertId).lean();
  const connection = await Connection.connect({ address: s.config.TEMPORAL_ADDRESS });
  try {
    const history = await new Client({ connection, namespace: s.config.TEMPORAL_NAMESPACE }).workflow.getHandle(String(doc?.workflowId)).fetchHistory();
    return (history.events ?? []).filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'placeCall').length;
  } finally {
    await connection.close();
  }
}

describe('one person, one phone', () => {
  it('pages arriving while the throttle holds a call join it: one call, and pressing 1 acknowledges every alert in it', async () => {
    const { alice, policy } = await aliceOnCall();
    s.sim.phone(alice.phone).queue({ pressDigits: ['1'] }, { pressDigits: ['1'] });
    const first = await s.trigger(policy.id, { title: 'Disk full', severity: 'high' });
    const call1 = await finished(await nthCallTo(alice.phone, 0));
    await s.waitForAlert(first, (a) => expect(a.status).toBe('acknowledged'));

    const db = await s.trigger(policy.id, { title: 'Database down', severity: 'critical' });
    const queue = await s.trigger(policy.id, { title: 'Queue stuck', severity: 'high' });
    const api = await s.trigger(policy.id, { title: 'API slow', severity: 'high' });
    const call2 = await finished(await nthCallTo(alice.phone, 1));

    // The throttle: the second call waited for it, and the three pages in between rode on that one call.
    expect(call2.dateCreated.getTime() - call1.dateCreated.getTime()).toBeGreaterThanOrEqual(THROTTLE_S * 1000 - 50);
    expect(s.callsTo(alice.phone)).toHaveLength(2);
    expect(said(call2)[0]).toBe('Hello Alice. This is Nightline. You have 3 unacknowledged alerts. The worst is critical: Database down.');
    expect(said(call2)).toContain('Press 1 to acknowledge all of them. Press 2 to hear them one by one. Press 9 to hear this again.');
    expect(said(call2)).toContain('3 alerts acknowledged. Paging has stopped for them. Goodbye.');

    for (const id of [db, queue, api]) {
      const a = await s.waitForAlert(id, (x) => {
        expect(x.status).toBe('acknowledged');
        expect(x.timeline).toContainEqual(expect.objectContaining({ action: 'acknowledged', actor: 'Alice', details: expect.stringMatching(/via phone \(bundle b-[0-9a-f]+, 3 alerts\)/) }));
        expect(details(x)).toContainEqual(expect.stringMatching(/^notification_answered: phone_call to Alice \(bundle b-[0-9a-f]+, 3 alerts\): answered$/));
      });
      expect(a.timeline.filter((e) => e.action === 'acknowledged')).toHaveLength(1);
    }
    await new Promise((r) => setTimeout(r, 1_000));
    expect(s.callsTo(alice.phone)).toHaveLength(2);
  });

  it('a held page whose alert is acknowledged meanwhile leaves the bundle: the call carries only the others', async () => {
    const { alice, policy } = await aliceOnCall();
    // A hold long enough that the acknowledgement surely comes while both pages sleep, even on a slow machine.
    await s.api.patch(`/users/${alice.id}`, { notificationPrefs: { channels: ['phone_call'], pageThrottleSeconds: 15 } }).expect(200);
    s.sim.phone(alice.phone).queue({ pressDigits: ['1'] }, { pressDigits: ['1'] });
    const first = await s.trigger(policy.id, { title: 'Disk full' });
    await finished(await nthCallTo(alice.phone, 0));
    await s.waitForAlert(first, (a) => expect(a.status).toBe('acknowledged'));
    const handled = await s.trigger(policy.id, { title: 'Cert expiring', severity: 'high' });
    const left = await s.trigger(policy.id, { title: 'Replica lag', severity: 'high' });
    // Both are held for the throttle; one is acknowledged from the console while its workflow sleeps.
    await s.waitForAlert(handled, (a) => expect(a.timeline.map((e) => e.action)).toContain('targets_resolved'));
    expect((await s.api.post(`/alerts/${handled}/acknowledge`, { by: 'Bob' })).status).toBe(200);
    const call = await finished(await nthCallTo(alice.phone, 1));
    expect(said(call)[0]).toMatch(/^Hello Alice\. This is Nightline with a high alert: Replica lag/);
    await s.waitForAlert(left, (a) => expect(a.status).toBe('acknowledged'));
    // It left the bundle before the call (the call's menu would also skip it, but a text would have listed it).
    const bundle = await pageBundleModel(s.conn).findOne({ 'members.alertId': left }).lean();
    expect(bundle?.members.map((m) => m.alertId)).toEqual([left]);
    expect((await s.alert(handled)).timeline).toContainEqual(expect.objectContaining({ action: 'acknowledged', actor: 'Bob' }));
    expect(s.callsTo(alice.phone)).toHaveLength(2);
    // The hold was slept in the workflow: its call was asked for twice (held, then due), around a timer.
    expect(await placeCallsScheduled(left)).toBe(2);
  });

  it('pressing 2 reads the alerts one by one, worst first, each with its own acknowledge key', async () => {
    const { alice, policy } = await aliceOnCall();
    s.sim.phone(alice.phone).queue({ pressDigits: ['1'] }, { pressDigits: ['2', '2', '1'] });
    const first = await s.trigger(policy.id, { title: 'Disk full' });
    await finished(await nthCallTo(alice.phone, 0));
    await s.waitForAlert(first, (a) => expect(a.status).toBe('acknowledged'));
    const high = await s.trigger(policy.id, { title: 'Cert expiring', severity: 'high' });
    const critical = await s.trigger(policy.id, { title: 'Replica lag', severity: 'critical' });
    const call = await finished(await nthCallTo(alice.phone, 1));
    const lines = said(call);
    expect(lines).toContain('Alert 1 of 2, critical: Replica lag.');
    expect(lines).toContain('Alert 2 of 2, high: Cert expiring.');
    expect(lines).toContain('Press 1 to acknowledge this alert. Press 2 to end the call.');
    expect(lines.slice(-2)).toEqual(['Acknowledged.', 'That was the last alert. Goodbye.']);
    await s.waitForAlert(high, (a) => expect(a.status).toBe('acknowledged'));
    expect((await s.alert(critical)).status).toBe('triggered');
  });

  it("a person's own throttle replaces the fleet's: 0 calls for every page at once, a longer one holds high pages but not critical ones", async () => {
    const { alice: quick, policy: quickPolicy } = await aliceOnCall();
    await s.api.patch(`/users/${quick.id}`, { notificationPrefs: { channels: ['phone_call'], pageThrottleSeconds: 0 } }).expect(200);
    s.sim.phone(quick.phone).queue({ pressDigits: ['1'] }, { pressDigits: ['1'] });
    await s.trigger(quickPolicy.id, { title: 'Disk full', severity: 'high' });
    const q1 = await finished(await nthCallTo(quick.phone, 0));
    const second = await s.trigger(quickPolicy.id, { title: 'Cert expiring', severity: 'high' });
    const q2 = await finished(await nthCallTo(quick.phone, 1));
    expect(q2.dateCreated.getTime() - q1.dateCreated.getTime()).toBeLessThan(THROTTLE_S * 1000);
    expect(said(q2)[0]).not.toMatch(/unacknowledged alerts/);
    await s.waitForAlert(second, (a) => expect(a.status).toBe('acknowledged'));

    const OWN_S = THROTTLE_S + 4;
    const { alice: calm, policy: calmPolicy } = await aliceOnCall();
    await s.api.patch(`/users/${calm.id}`, { notificationPrefs: { channels: ['phone_call'], pageThrottleSeconds: OWN_S } }).expect(200);
    expect((await s.api.get(`/users/${calm.id}`)).body.notificationPrefs.pageThrottleSeconds).toBe(OWN_S);
    s.sim.phone(calm.phone).queue({ pressDigits: ['1'] }, { pressDigits: ['1'] }, { pressDigits: ['1'] });
    await s.trigger(calmPolicy.id, { title: 'Disk full', severity: 'high' });
    const c1 = await finished(await nthCallTo(calm.phone, 0));
    await s.trigger(calmPolicy.id, { title: 'Queue stuck', severity: 'high' });
    const c2 = await finished(await nthCallTo(calm.phone, 1));
    expect(c2.dateCreated.getTime() - c1.dateCreated.getTime()).toBeGreaterThanOrEqual(OWN_S * 1000 - 50);
    // Held by the personal throttle, a high page waits; a critical one that joins goes at the fleet's throttle.
    await s.trigger(calmPolicy.id, { title: 'Jobs late', severity: 'high' });
    await s.trigger(calmPolicy.id, { title: 'Database down', severity: 'critical' });
    const c3 = await finished(await nthCallTo(calm.phone, 2));
    const gap = c3.dateCreated.getTime() - c2.dateCreated.getTime();
    expect(gap).toBeGreaterThanOrEqual(THROTTLE_S * 1000 - 50);
    expect(gap).toBeLessThan(OWN_S * 1000 - 50);
    expect(said(c3)[0]).toBe('Hello Alice. This is Nightline. You have 2 unacknowledged alerts. The worst is critical: Database down.');
  });

  it('a replayed bundle keypress does nothing more', async () => {
    const { alice, policy } = await aliceOnCall();
    s.sim.phone(alice.phone).queue({ pressDigits: ['1'] }, { pressDigits: ['1'] });
    await s.trigger(policy.id, { title: 'Disk full' });
    await finished(await nthCallTo(alice.phone, 0));
    const ids = [await s.trigger(policy.id, { title: 'Web down' }), await s.trigger(policy.id, { title: 'Jobs late', severity: 'high' })];
    const call = await finished(await nthCallTo(alice.phone, 1));
    const hook = s.sim.records.webhooks.find((w) => w.callSid === call.sid && w.url.includes('/twilio/voice/bundle/digits'));
    expect(hook).toBeDefined();
    const replay = await fetch(hook!.url, {
      method: 'POST',
      headers: { 'X-Twilio-Signature': hook!.signature, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(hook!.params).toString(),
    });
    expect(replay.status).toBe(200);
    expect(await replay.text()).toBe(hook!.responseBody);
    const forged = await fetch(hook!.url, { method: 'POST', headers: { 'X-Twilio-Signature': 'bad', 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(hook!.params).toString() });
    expect(forged.status).toBe(403);
    for (const id of ids) {
      await s.waitForAlert(id, (x) => expect(x.timeline.filter((e) => e.action === 'acknowledged')).toHaveLength(1));
    }
  });

  it('when voicemail answers a bundle call, every alert in it falls back to SMS, in one text', async () => {
    const { alice, policy } = await aliceOnCall();
    s.sim.phone(alice.phone).queue({ pressDigits: ['1'] }, { answer: 'machine_end_beep' });
    await s.trigger(policy.id, { title: 'Disk full' });
    await finished(await nthCallTo(alice.phone, 0));
    const ids = [await s.trigger(policy.id, { title: 'Web down' }), await s.trigger(policy.id, { title: 'Jobs late', severity: 'high' })];
    const call = await finished(await nthCallTo(alice.phone, 1));
    expect(said(call)).toEqual(['This is Nightline for Alice: 2 unacknowledged alerts. Please check your text messages. Goodbye.']);
    const text = await s.waitForTextTo(alice.phone, 30_000);
    expect(text.body).toMatch(/^Nightline: 2 unacknowledged alerts\n#\d+ CRITICAL: Web down\n#\d+ HIGH: Jobs late\nReply 1 #code to ack one, 1 ALL to ack all$/);
    for (const id of ids) {
      await s.waitForAlert(id, (x) => expect(x.timeline.map((e) => e.action)).toEqual(expect.arrayContaining(['notification_machine', 'sms_fallback', 'sms_sent'])));
    }
    expect(s.textsTo(alice.phone)).toHaveLength(1);
  });

  it('when nobody answers a bundle call, every alert in it falls back to SMS, and each timeline names the bundle', async () => {
    const { alice, policy } = await aliceOnCall();
    s.sim.phone(alice.phone).queue({ pressDigits: ['1'] }, { answer: 'no-answer' });
    await s.trigger(policy.id, { title: 'Disk full' });
    await finished(await nthCallTo(alice.phone, 0));
    const ids = [await s.trigger(policy.id, { title: 'Web down' }), await s.trigger(policy.id, { title: 'Jobs late', severity: 'high' })];
    const call = await finished(await nthCallTo(alice.phone, 1));
    expect(call.status).toBe('no-answer');
    const text = await s.waitForTextTo(alice.phone, 30_000);
    expect(text.body).toMatch(/^Nightline: 2 unacknowledged alerts\n/);
    for (const id of ids) {
      await s.waitForAlert(id, (x) => {
        expect(details(x)).toContainEqual(expect.stringMatching(/^notification_no_answer: phone_call to Alice \(bundle b-[0-9a-f]+, 2 alerts\): no answer$/));
        expect(x.timeline.map((e) => e.action)).toEqual(expect.arrayContaining(['sms_fallback', 'sms_sent']));
      });
    }
    expect(s.textsTo(alice.phone)).toHaveLength(1);
  });

  it('texts bundle too: one SMS lists a code per alert; a code acts on one alert, "1 ALL" on the rest', async () => {
    const { alice, policy } = await aliceOnCall(['sms']);
    const first = await s.trigger(policy.id, { title: 'Disk full' });
    const text1 = await s.waitForTextTo(alice.phone);
    expect(text1.body).toMatch(/^Nightline #\d+ CRITICAL: Disk full/);
    const web = await s.trigger(policy.id, { title: 'Web down', severity: 'high' });
    const jobs = await s.trigger(policy.id, { title: 'Jobs late', severity: 'high' });
    const text2 = await s.sim.records.waitFor(() => s.textsTo(alice.phone)[1], 30_000, 'the bundled text');
    const m = /^Nightline: 2 unacknowledged alerts\n#(\d+) HIGH: Web down\n#(\d+) HIGH: Jobs late\nReply 1 #code to ack one, 1 ALL to ack all$/.exec(text2.body);
    expect(m).not.toBeNull();
    expect(text2.dateCreated.getTime() - text1.dateCreated.getTime()).toBeGreaterThanOrEqual(THROTTLE_S * 1000 - 50);

    const one = await s.sim.sendSms({ from: alice.phone, to: s.nightlineNumber, body: `1 #${m![2]}` });
    expect(one.replies.map((r) => r.body)).toEqual([`Nightline #${m![2]} Jobs late: Acknowledged; paging stopped.`]);
    await s.waitForAlert(jobs, (x) => expect(x.status).toBe('acknowledged'));
    expect((await s.alert(web)).status).toBe('triggered');
    expect((await s.alert(first)).status).toBe('triggered');

    const all = await s.sim.sendSms({ from: alice.phone, to: s.nightlineNumber, body: '1 ALL' });
    expect(all.replies.map((r) => r.body)).toEqual([`Acknowledged 1 alert: #${m![1]} (1 already handled).`]);
    await s.waitForAlert(web, (x) => {
      expect(x.status).toBe('acknowledged');
      expect(x.timeline).toContainEqual(expect.objectContaining({ action: 'acknowledged', actor: 'Alice', details: expect.stringMatching(/via sms \(bundle b-[0-9a-f]+, 2 alerts\)/) }));
    });
    expect((await s.alert(first)).status).toBe('triggered');
  });
});

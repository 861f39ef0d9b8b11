import type { SimCall } from '../../src/telephony/simulator';
import { expectValidTwiml } from '../fixtures/twiml-check';
import { startStack, type Stack, type StackUser } from '../fixtures/stack';

jest.setTimeout(60_000);

let s: Stack;
beforeAll(async () => {
  s = await startStack();
});
afterAll(async () => {
  await s?.stop();
});

/** Alice is on call (level 1, through a schedule); Bob is level 2. */
async function aliceThenBob() {
  const alice = await s.aUser('Alice');
  const bob = await s.aUser('Bob');
  const schedule = await s.aSchedule([alice.id]);
  const policy = await s.aPolicy([[{ type: 'schedule', id: schedule.id }], [{ type: 'user', id: bob.id }]]);
  return { alice, bob, policy };
}

/** Waits for the call to end, then checks every TwiML document it ran. */
async function finished(call: SimCall): Promise<SimCall> {
  const done = await s.sim.records.waitForCallEnd(call.sid, 15_000);
  for (const e of done.events) if (e.type === 'twiml') expectValidTwiml(e.xml);
  return done;
}
const said = (call: SimCall) => call.events.flatMap((e) => (e.type === 'say' ? [e.text] : []));
const actions = (a: { timeline: { action: string }[] }) => a.timeline.map((e) => e.action);

async function pressOn(person: StackUser, digits: string[]) {
  s.sim.phone(person.phone).answers({ pressDigits: digits });
}

describe('the page call, end to end', () => {
  it('when the on-call person answers and presses 1, the alert is acknowledged and nobody else is called', async () => {
    const { alice, bob, policy } = await aliceThenBob();
    await pressOn(alice, ['1']);
    const id = await s.trigger(policy.id);
    const call = await finished(await s.waitForCallTo(alice.phone));
    expect(said(call)[0]).toBe('Hello Alice. This is Nightline with a critical alert: DB down, from api prod. You are being paged.');
    expect(said(call)).toContain('Acknowledged. Paging has stopped. Goodbye.');
    await s.waitForAlert(id, (x) => {
      expect(x.status).toBe('acknowledged');
      expect(x.timeline).toContainEqual(expect.objectContaining({ action: 'acknowledged', actor: 'Alice', details: expect.stringContaining('via phone') }));
      expect(actions(x)).toContain('notification_acknowledged_by_keypress');
    });
    expect(s.callsTo(bob.phone)).toEqual([]);
    expect(s.textsTo(alice.phone)).toEqual([]);
  });

  it('pressing 2 calls the next level at once', async () => {
    const { alice, bob, policy } = await aliceThenBob();
    await pressOn(alice, ['2']);
    const id = await s.trigger(policy.id);
    const call = await finished(await s.waitForCallTo(alice.phone));
    expect(said(call)).toContain('Escalated to level 2. The next person is being paged now. Goodbye.');
    await s.waitForCallTo(bob.phone);
    const a = await s.waitForAlert(id, (x) => {
      expect(x.currentLevel).toBe(1);
      expect(x.timeline).toContainEqual(expect.objectContaining({ action: 'escalated', actor: 'Alice' }));
    });
    expect(a.status).toBe('triggered');
  });

  it('pressing 3 resolves the alert (after a wrong digit and a repeat)', async () => {
    const { alice, policy } = await aliceThenBob();
    await pressOn(alice, ['7', '9', '3']);
    const id = await s.trigger(policy.id);
    const call = await finished(await s.waitForCallTo(alice.phone));
    expect(said(call)).toContain('Sorry, 7 is not an option.');
    expect(said(call).filter((t) => t.endsWith('You are being paged.'))).toHaveLength(2);
    expect(said(call)).toContain('Resolved. Thank you. Goodbye.');
    await s.waitForAlert(id, (x) => {
      expect(x.status).toBe('resolved');
      expect(x.timeline).toContainEqual(expect.objectContaining({ action: 'resolved', actor: 'Alice' }));
    });
  });

  it('when voicemail answers, the alert is not acknowledged and the SMS fallback goes out at once', async () => {
    const { alice, policy } = await aliceThenBob();
    s.sim.phone(alice.phone).answeredByMachine('machine_end_beep');
    const id = await s.trigger(policy.id);
    const call = await finished(await s.waitForCallTo(alice.phone));
    expect(said(call)).toEqual(['This is Nightline for Alice: a critical alert, DB down. Please check your text messages. Goodbye.']);
    const text = await s.waitForTextTo(alice.phone);
    expect(text.body).toBe('Nightline #1 CRITICAL: DB down (api-prod). Reply 1 ack, 3 resolve, 2 escalate');
    const a = await s.waitForAlert(id, (x) => expect(actions(x)).toEqual(expect.arrayContaining(['notification_machine', 'sms_fallback', 'sms_sent'])));
    expect(a.status).toBe('triggered');
  });

  it('when the person answers but presses nothing, the menu plays three times, the call ends unacknowledged and SMS follows', async () => {
    const { alice, policy } = await aliceThenBob();
    await pressOn(alice, []);
    const id = await s.trigger(policy.id);
    const call = await finished(await s.waitForCallTo(alice.phone));
    expect(said(call).filter((t) => t.startsWith('Press 1 to acknowledge.'))).toHaveLength(3);
    expect(said(call).at(-1)).toBe('No key was pressed, so the alert is not acknowledged. Goodbye.');
    await s.waitForTextTo(alice.phone);
    const a = await s.waitForAlert(id, (x) => expect(actions(x)).toEqual(expect.arrayContaining(['notification_completed_without_keypress', 'sms_fallback'])));
    expect(a.status).toBe('triggered');
  });

  it('a replayed keypress webhook acts once', async () => {
    const { alice, policy } = await aliceThenBob();
    await pressOn(alice, ['1']);
    const id = await s.trigger(policy.id);
    const call = await finished(await s.waitForCallTo(alice.phone));
    const hook = s.sim.records.webhooks.find((w) => w.callSid === call.sid && w.url.includes('/twilio/voice/page/digits'));
    expect(hook).toBeDefined();
    const replay = await fetch(hook!.url, {
      method: 'POST',
      headers: { 'X-Twilio-Signature': hook!.signature, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(hook!.params).toString(),
    });
    expect(replay.status).toBe(200);
    expect(await replay.text()).toBe(hook!.responseBody);
    await s.waitForAlert(id, (x) => expect(actions(x).filter((y) => y === 'acknowledged')).toHaveLength(1));
    await new Promise((r) => setTimeout(r, 500)); // room for a second acknowledgement to land, were there one
    expect(actions(await s.alert(id)).filter((y) => y === 'acknowledged')).toHaveLength(1);
  });

  it('a forged signature gets 403 and changes nothing', async () => {
    const { alice, policy } = await aliceThenBob();
    const id = await s.trigger(policy.id);
    const call = await finished(await s.waitForCallTo(alice.phone)); // rings out: nobody pressed anything
    const attempt = new URL(call.request.url!).searchParams.get('attempt')!;
    const res = await fetch(`${s.url}/twilio/voice/page/digits?attempt=${encodeURIComponent(attempt)}`, {
      method: 'POST',
      headers: { 'X-Twilio-Signature': 'bm90IGEgcmVhbCBzaWduYXR1cmU=', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ CallSid: call.sid, Digits: '3', AccountSid: s.sim.accountSid }).toString(),
    });
    expect(res.status).toBe(403);
    const a = await s.alert(id);
    expect(a.status).toBe('triggered');
    expect(actions(a)).not.toContain('resolved');
  });
});

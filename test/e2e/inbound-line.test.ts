import { expectValidTwiml } from '../fixtures/twiml-check';
import { startStack, type Stack } from '../fixtures/stack';

jest.setTimeout(60_000);

let s: Stack;
beforeAll(async () => {
  s = await startStack();
});
afterAll(async () => {
  await s?.stop();
});

/** Alice is on call for the line's schedule; the line's policy rings Bob next. */
async function aLine(over: Record<string, unknown> = {}) {
  const alice = await s.aUser('Alice', ['phone_call', 'sms']);
  const bob = await s.aUser('Bob');
  const schedule = await s.aSchedule([alice.id]);
  const policy = await s.aPolicy([[{ type: 'schedule', id: schedule.id }], [{ type: 'user', id: bob.id }]]);
  const line = await s.aLine({ scheduleId: schedule.id, escalationPolicyId: policy.id, ...over });
  return { alice, bob, line };
}

async function callEnds(sid: string) {
  const call = await s.sim.records.waitForCallEnd(sid, 15_000);
  for (const e of call.events) if (e.type === 'twiml') expectValidTwiml(e.xml);
  return call;
}

describe('the after-hours line, end to end', () => {
  it('reaches the on-call person, and a call that was answered raises no alert', async () => {
    const { alice, bob, line } = await aLine({ emergencyPrompt: true });
    s.sim.phone(alice.phone).answers({ pressDigits: ['1'], hangUpAfterSeconds: 30 });
    const caller = '+15552220001';
    const call = await callEnds(s.sim.placeInboundCall({ from: caller, to: line.number, script: { pressDigits: ['1'] } }).sid);
    const dial = call.events.find((e) => e.type === 'dial');
    expect(dial).toMatchObject({ numbers: [alice.phone], result: 'completed', duration: 30, screened: 'accepted' });
    expect(s.callsTo(bob.phone)).toEqual([]);
    await new Promise((r) => setTimeout(r, 300)); // the final status callback has been answered; give the API a beat
    const alerts = (await s.api.get('/alerts')).body.data as { title: string }[];
    expect(alerts.filter((a) => a.title.includes(caller))).toEqual([]);
  });

  it('ends in voicemail when nobody answers, and the voicemail is paged with the caller in the text', async () => {
    const { alice, bob, line } = await aLine();
    s.sim.phone(alice.phone).ringOut();
    s.sim.phone(bob.phone).ringOut();
    const caller = '+15552220002';
    const call = await callEnds(
      s.sim.placeInboundCall({ from: caller, to: line.number, script: { record: { seconds: 9, transcription: 'The VPN has been down for 20 minutes.', endWith: '#' } } }).sid,
    );
    expect(call.events.filter((e) => e.type === 'dial').map((e) => (e.type === 'dial' ? e.numbers : []))).toEqual([[alice.phone], [bob.phone]]);
    expect(call.events.some((e) => e.type === 'record' && e.recordingUrl)).toBe(true);

    const page = await s.sim.records.waitFor(() => s.textsTo(alice.phone).find((m) => m.body.includes(caller)), 15_000, 'the voicemail page');
    // NightDesk-style; the transcription's first words follow when it arrived before the voicemail's webhook.
    expect(page.body).toMatch(/^Nightline #1 HIGH: Voicemail - Acme Manufacturing\. Caller: \+15552220002\. On-call: Alice\..*\(phone line\)\. Reply 1 ack, 3 resolve, 2 escalate$/);
    expect(page.numSegments).toBe(1);
    const listed = (await s.api.get('/alerts')).body.data as { id: string; title: string }[];
    const alert = listed.find((a) => a.title.includes(caller));
    const a = await s.waitForAlert(alert!.id, (x) => expect(x.timeline.map((e) => e.action)).toContain('voicemail_transcribed'));
    const hops = a.timeline.filter((e) => e.actor === 'phone-line').map((e) => e.action);
    expect(hops).toEqual(expect.arrayContaining(['call_received', 'call_ringing', 'call_not_answered', 'call_voicemail_offered', 'voicemail_left', 'voicemail_transcribed', 'call_ended']));
    expect(a.timeline.filter((e) => e.action === 'call_ringing').map((e) => e.details)).toEqual([
      `ringing Alice (${alice.phone})`,
      `ringing Bob (${bob.phone})`,
    ]);
  });

  it("when the on-call person's voicemail picks up, nobody presses 1: the next person is rung, presses 1 and is put through", async () => {
    const { alice, bob, line } = await aLine();
    s.sim.phone(alice.phone).answeredByMachine('machine_end_beep');
    s.sim.phone(bob.phone).answers({ pressDigits: ['1'], hangUpAfterSeconds: 25 });
    const caller = '+15552220003';
    const call = await callEnds(s.sim.placeInboundCall({ from: caller, to: line.number }).sid);
    const dials = call.events.filter((e) => e.type === 'dial');
    expect(dials).toEqual([
      expect.objectContaining({ numbers: [alice.phone], result: 'no-answer', screened: 'declined' }),
      expect.objectContaining({ numbers: [bob.phone], result: 'completed', screened: 'accepted', duration: 25 }),
    ]);
    // The screening ran on each callee's leg and its TwiML is valid too.
    for (const d of dials) if (d.type === 'dial') await callEnds(d.childCallSid!);
    expect(call.events.some((e) => e.type === 'record')).toBe(false);
    await new Promise((r) => setTimeout(r, 300)); // the final status callback has been answered; give the API a beat
    const alerts = (await s.api.get('/alerts')).body.data as { title: string }[];
    expect(alerts.filter((a) => a.title.includes(caller))).toEqual([]);
  });

  it("when everyone's voicemail picks up, the caller reaches Nightline's voicemail and the alert says the screening declined", async () => {
    const { alice, bob, line } = await aLine();
    s.sim.phone(alice.phone).answeredByMachine('machine_end_beep');
    s.sim.phone(bob.phone).answeredByMachine('machine_end_silence');
    const caller = '+15552220004';
    const call = await callEnds(
      s.sim.placeInboundCall({ from: caller, to: line.number, script: { record: { seconds: 6, endWith: '#' } } }).sid,
    );
    expect(call.events.filter((e) => e.type === 'dial').map((e) => (e.type === 'dial' ? e.result : ''))).toEqual(['no-answer', 'no-answer']);
    expect(call.events.some((e) => e.type === 'record' && e.recordingUrl)).toBe(true);

    const page = await s.sim.records.waitFor(() => s.textsTo(alice.phone).find((m) => m.body.includes(caller)), 15_000, 'the voicemail page');
    expect(page.body).toContain('Voicemail - Acme Manufacturing');
    const listed = (await s.api.get('/alerts')).body.data as { id: string; title: string }[];
    const alert = listed.find((a) => a.title.includes(caller));
    const a = await s.waitForAlert(alert!.id, (x) => expect(x.timeline.map((e) => e.action)).toContain('call_ended'));
    expect(a.timeline.filter((e) => e.action === 'call_screen_declined').map((e) => e.details)).toEqual([
      "Alice's phone answered but nobody pressed 1 (voicemail or no keypress): not put through",
      "Bob's phone answered but nobody pressed 1 (voicemail or no keypress): not put through",
    ]);
  });
});

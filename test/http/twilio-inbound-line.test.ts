import { createAlertRepository } from '../../src/db/alert.repository';
import { createPolicy } from '../../src/db/escalation-policy.repository';
import pino from 'pino';
import { CLAIM_STALE_MS, createPhoneLineCallRepository } from '../../src/db/phone-line-call.repository';
import { createTwilioContext } from '../../src/http/twilio/context';
import { retryMissedCallAlerts } from '../../src/http/twilio/missed-call-sweeper';
import { createPhoneLine, type PhoneLine } from '../../src/db/phone-line.repository';
import { createOverrides } from '../../src/db/schedule-override.repository';
import { TemporalUnavailableError } from '../../src/temporal/engine-errors';
import type { User } from '../../src/db/user.repository';
import { aScheduleInDb, aUserInDb } from '../fixtures/alerting.builders';
import { aLevel as level } from '../fixtures/stack';
import { buildTwilioApp, twilioPost, twiml } from './twilio-harness';

let t: Awaited<ReturnType<typeof buildTwilioApp>>;
let alice: User;
let bob: User;
let scheduleId: string;
let policyId: string;
beforeAll(async () => {
  t = await buildTwilioApp();
  alice = await aUserInDb(t.conn, { name: 'Alice' });
  bob = await aUserInDb(t.conn, { name: 'Bob' });
  scheduleId = (await aScheduleInDb(t.conn, [alice.id])).id;
  // Level 1 pages the schedule (Alice, already rung first), level 2 Bob: the line rings Alice, then Bob.
  policyId = (await createPolicy(t.conn, { name: 'Acme', levels: [level([{ type: 'schedule', id: scheduleId }]), level([{ type: 'user', id: bob.id }])] })).id;
});
afterAll(async () => {
  await t?.close();
});
beforeEach(() => {
  t.fake.reset();
});

let n = 0;
const CALLER = '+15553334444';
async function aLine(over: Partial<PhoneLine> = {}): Promise<PhoneLine> {
  return createPhoneLine(t.conn, { number: `+1555888${String(++n).padStart(4, '0')}`, name: 'Acme Manufacturing', scheduleId, escalationPolicyId: policyId, ...over });
}
/** One inbound call: posts each step as Twilio would, with the call's parameters. */
function aCall(line: PhoneLine) {
  const CallSid = `CA${String(++n).padStart(32, '0')}`;
  const base = { CallSid, From: CALLER, To: line.number, Direction: 'inbound' };
  const step = (path: string, extra: Record<string, string> = {}) =>
    twiml(t, `/twilio/voice/incoming${path}${path.includes('?') ? '&' : '?'}line=${line.id}`, { ...base, ...extra });
  return { CallSid, start: () => twiml(t, '/twilio/voice/incoming', base), step };
}
/** The screened Number noun that rings `phone` (its url is the screen step, signed like every /twilio route). */
const rings = (phone: string) => `method="POST">${phone}</Number>`;
const timeline = async (alertId: string) =>
  (await createAlertRepository(t.conn).findById(alertId))?.timeline.map((e) => (e.details ? `${e.action}: ${e.details}` : e.action)) ?? [];

describe('the after-hours line', () => {
  it('an unknown number is not in service', async () => {
    expect(await twiml(t, '/twilio/voice/incoming', { CallSid: 'CA1', From: CALLER, To: '+15550001111' })).toContain('not in service');
  });

  it('greets, asks about an emergency, rings the on-call person, then the next, then takes a voicemail that becomes an alert', async () => {
    const line = await aLine({ emergencyPrompt: true });
    const call = aCall(line);
    const entry = await call.start();
    expect(entry).toContain('<Say>You have reached Acme Manufacturing. Our office is closed.</Say><Say>If this is an emergency, press 1.');
    const ringAlice = await call.step('/emergency', { Digits: '1' });
    expect(ringAlice).toContain(rings(alice.phone));
    const ringBob = await call.step('/dialed?hop=0', { DialCallStatus: 'no-answer' });
    expect(ringBob).toContain(rings(bob.phone));
    const voicemail = await call.step('/dialed?hop=1', { DialCallStatus: 'busy' });
    expect(voicemail).toContain('<Record ');
    const thanks = await call.step('/voicemail', { RecordingUrl: 'https://api.twilio.com/rec/RE1', RecordingDuration: '12' });
    expect(thanks).toContain('passed to the engineer on call');
    await call.step('/voicemail', { RecordingUrl: 'https://api.twilio.com/rec/RE1', RecordingDuration: '12' });

    const triggers = t.fake.of('trigger');
    expect(triggers).toHaveLength(1);
    const input = triggers[0]!.args[0] as { title: string; description: string; severity: string; escalationPolicyId: string; dedupKey: string };
    expect(input).toMatchObject({
      title: `Voicemail — Acme Manufacturing. Caller: ${CALLER}. On-call: Alice.`,
      severity: 'critical',
      escalationPolicyId: policyId,
      dedupKey: `call:${call.CallSid}`,
    });
    expect(input.description).toContain('Voicemail: https://api.twilio.com/rec/RE1');

    await call.step('/transcription', { TranscriptionStatus: 'completed', TranscriptionText: 'The VPN has been down for 20 minutes.' });
    const alertId = (await createPhoneLineCallRepository(t.conn).find(call.CallSid))?.alertId;
    expect(await timeline(alertId ?? '')).toEqual([
      'triggered',
      `call_received: call from ${CALLER} to Acme Manufacturing (${line.number})`,
      'caller_urgency: caller pressed 1: emergency',
      `call_ringing: ringing Alice (${alice.phone})`,
      'call_not_answered: Alice did not answer (no-answer)',
      `call_ringing: ringing Bob (${bob.phone})`,
      'call_not_answered: Bob did not answer (busy)',
      'call_voicemail_offered: nobody answered: voicemail',
      'voicemail_left: voicemail (12 s): https://api.twilio.com/rec/RE1',
      'voicemail_transcribed: "The VPN has been down for 20 minutes."',
    ]);
  });

  it('when Temporal is down as the voicemail lands, the caller is still thanked and the final status callback raises the alert', async () => {
    const line = await aLine();
    const call = aCall(line);
    await call.start();
    t.fake.next.error = new TemporalUnavailableError();
    expect(await call.step('/voicemail', { RecordingUrl: 'https://api.twilio.com/rec/RE3', RecordingDuration: '5' })).toContain('Thank you.');
    delete t.fake.next.error;
    await call.step('/status', { CallStatus: 'completed', CallDuration: '40' });
    expect(t.fake.of('trigger')).toHaveLength(2);
    expect(await createPhoneLineCallRepository(t.conn).find(call.CallSid)).toMatchObject({ alertId: expect.any(String), recordingUrl: 'https://api.twilio.com/rec/RE3' });
  });

  it('when Temporal is down at the voicemail and at the final callback too, the sweeper raises the alert once it is back', async () => {
    const line = await aLine();
    const call = aCall(line);
    await call.start();
    t.fake.next.error = new TemporalUnavailableError();
    expect(await call.step('/voicemail', { RecordingUrl: 'https://api.twilio.com/rec/RE4', RecordingDuration: '7' })).toContain('Thank you.');
    await twilioPost(t, `/twilio/voice/incoming/status?line=${line.id}`, { CallSid: call.CallSid, From: CALLER, To: line.number, CallStatus: 'completed', CallDuration: '30' });
    const calls = createPhoneLineCallRepository(t.conn);
    expect(await calls.find(call.CallSid)).toMatchObject({ alertId: null, alertDue: true, alertClaimed: false });

    const ctx = createTwilioContext({ config: t.config, log: pino({ level: 'silent' }), conn: t.conn, engine: t.fake.engine });
    expect(await retryMissedCallAlerts(ctx)).toBe(0); // still down: nothing raised, still due
    delete t.fake.next.error;
    expect(await retryMissedCallAlerts(ctx)).toBe(1);
    const raised = await calls.find(call.CallSid);
    expect(raised?.alertId).toEqual(expect.any(String));
    expect(await timeline(raised!.alertId!)).toContain('voicemail_left: voicemail (7 s): https://api.twilio.com/rec/RE4');
    expect(await retryMissedCallAlerts(ctx)).toBe(0); // raised once only
    expect(t.fake.of('trigger')).toHaveLength(4); // voicemail, final callback, first sweep (all refused), second sweep
  });

  it('a claim left by a process that died while raising the alert is taken over after two minutes', async () => {
    const line = await aLine();
    const call = aCall(line);
    await call.start();
    const calls = createPhoneLineCallRepository(t.conn);
    await calls.markAlertDue(call.CallSid);
    const claimedAt = new Date();
    expect(await calls.claimAlert(call.CallSid, claimedAt)).not.toBeNull(); // ...and the process dies here
    const ctx = createTwilioContext({ config: t.config, log: pino({ level: 'silent' }), conn: t.conn, engine: t.fake.engine });
    expect(await retryMissedCallAlerts(ctx, new Date(claimedAt.getTime() + 60_000))).toBe(0);
    expect(await calls.claimAlert(call.CallSid, new Date(claimedAt.getTime() + 60_000))).toBeNull();
    expect(await calls.dueForAlert(new Date(claimedAt.getTime() + CLAIM_STALE_MS + 1), 100)).toEqual([expect.objectContaining({ callSid: call.CallSid })]);
  });

  it('a call the on-call person answers is not an alert, even when it ends', async () => {
    const line = await aLine({ greeting: 'Acme, after hours.' });
    const call = aCall(line);
    expect(await call.start()).toContain(`<Say>Acme, after hours.</Say><Redirect method="POST">`);
    expect(await call.step('/ring?hop=0')).toContain(rings(alice.phone));
    const leg = { CallSid: 'CA-alice-leg', ParentCallSid: call.CallSid };
    await call.step('/screen?hop=0', leg);
    await call.step('/screen-choice?hop=0', { ...leg, Digits: '1' });
    expect(await call.step('/dialed?hop=0', { DialCallStatus: 'completed', DialCallDuration: '42' })).toContain('<Hangup/>');
    await call.step('/status', { CallStatus: 'completed', CallDuration: '50' });
    expect(t.fake.of('trigger')).toEqual([]);
  });

  it('a caller who hangs up while it rings still becomes a (missed call) alert, once', async () => {
    const line = await aLine();
    const call = aCall(line);
    await call.start();
    await call.step('/ring?hop=0');
    await call.step('/status', { CallStatus: 'completed', CallDuration: '9' });
    await call.step('/status', { CallStatus: 'completed', CallDuration: '9' });
    const triggers = t.fake.of('trigger');
    expect(triggers).toHaveLength(1);
    expect((triggers[0]!.args[0] as { title: string; severity: string })).toMatchObject({ title: `Missed call — Acme Manufacturing. Caller: ${CALLER}. On-call: Alice.`, severity: 'high' });
  });

  it('"not an emergency" goes straight to voicemail and pages at medium severity', async () => {
    const line = await aLine({ emergencyPrompt: true });
    const call = aCall(line);
    await call.start();
    expect(await call.step('/emergency', { Digits: '2' })).toContain('<Record ');
    await call.step('/no-message');
    expect((t.fake.of('trigger')[0]!.args[0] as { severity: string }).severity).toBe('medium');
  });

  it('records a reason before ringing, and a line with only a schedule pages through that schedule', async () => {
    const line = await aLine({ recordReason: true, escalationPolicyId: null });
    const call = aCall(line);
    expect(await call.start()).toContain('/twilio/voice/incoming/reason-prompt?line=');
    expect(await call.step('/reason-prompt')).toContain('<Record action=');
    expect(await call.step('/reason', { RecordingUrl: 'https://api.twilio.com/rec/RE2' })).toContain(rings(alice.phone));
    expect(await call.step('/dialed?hop=0', { DialCallStatus: 'no-answer' })).toContain('<Record ');
    await call.step('/no-message');
    const input = t.fake.of('trigger')[0]!.args[0] as { escalationPolicyId: string; policy: { levels: { targets: unknown[] }[] }; description: string };
    expect(input.escalationPolicyId).toBe(`phone-line:${line.id}`);
    expect(input.policy.levels[0]!.targets).toEqual([{ type: 'schedule', id: scheduleId }]);
    expect(input.description).toContain('Reason given: https://api.twilio.com/rec/RE2');
  });

  it('a handoff in the middle of a call skips nobody and rings nobody twice: the ring list is frozen at the first ring', async () => {
    // Alice is on call; the policy pages the schedule, then Bob, then Alice: the line rings Alice, then Bob.
    const onCall = (await aScheduleInDb(t.conn, [alice.id])).id;
    const policy = await createPolicy(t.conn, { name: 'Handoff', levels: [level([{ type: 'schedule', id: onCall }]), level([{ type: 'user', id: bob.id }]), level([{ type: 'user', id: alice.id }])] });
    const line = await aLine({ scheduleId: onCall, escalationPolicyId: policy.id });
    const call = aCall(line);
    await call.start();
    expect(await call.step('/ring?hop=0')).toContain(rings(alice.phone));
    // The schedule hands over to Bob while Alice's phone rings: afresh, the list would now read Bob, Alice.
    const now = Date.now();
    await createOverrides(t.conn, onCall, [{ userId: bob.id, startsAt: new Date(now - 60_000), endsAt: new Date(now + 3_600_000) }]);
    expect(await call.step('/dialed?hop=0', { DialCallStatus: 'no-answer' })).toContain(rings(bob.phone));
    expect(await call.step('/dialed?hop=1', { DialCallStatus: 'no-answer' })).toContain('<Record ');
    const hops = (await createPhoneLineCallRepository(t.conn).find(call.CallSid))?.hops.map((h) => h.details) ?? [];
    expect(hops.filter((h) => h.startsWith('ringing') || h.includes('did not answer'))).toEqual([
      `ringing Alice (${alice.phone})`,
      'Alice did not answer (no-answer)',
      `ringing Bob (${bob.phone})`,
      'Bob did not answer (no-answer)',
    ]);
  });

  describe('call screening: only a keypress puts the caller through', () => {
    /** The leg of the person rung, as Twilio posts it to the Number url. */
    const calleeLeg = (call: ReturnType<typeof aCall>, extra: Record<string, string> = {}) => ({
      CallSid: `CA${String(++n).padStart(32, '9')}`, ParentCallSid: call.CallSid, From: CALLER, To: alice.phone, Direction: 'outbound-dial', ...extra,
    });

    it('the Dial screens the person rung: they hear who is calling for which line and must press 1', async () => {
      const line = await aLine();
      const call = aCall(line);
      await call.start();
      const ring = await call.step('/ring?hop=0');
      expect(ring).toContain(`<Number url="${t.config.PUBLIC_URL}/twilio/voice/incoming/screen?line=${line.id}&amp;hop=0" method="POST">${alice.phone}</Number>`);
      const screen = await call.step('/screen?hop=0', calleeLeg(call));
      expect(screen).toMatch(/<Gather [^>]*numDigits="1"[^>]*actionOnEmptyResult="true"/);
      expect(screen).toContain('<Say>Nightline after-hours call from 1 5 5 5 3 3 3 4 4 4 4 for Acme Manufacturing. Press 1 to accept.</Say></Gather><Hangup/>');
      const accepted = await call.step('/screen-choice?hop=0', calleeLeg(call, { Digits: '1' }));
      expect(accepted).toContain('<Say>Connecting you now.</Say>');
      expect(accepted).not.toContain('<Hangup/>');
      expect((await createPhoneLineCallRepository(t.conn).find(call.CallSid))?.hops.map((h) => h.action)).toEqual(['call_received', 'call_ringing', 'call_screening', 'call_screen_accepted']);
    });

    it('a Dial reported completed without a screening accepted with 1 does not count as reaching anyone', async () => {
      const line = await aLine();
      const call = aCall(line);
      await call.start();
      await call.step('/ring?hop=0');
      await call.step('/screen?hop=0', calleeLeg(call));
      await call.step('/screen-choice?hop=0', calleeLeg(call, { Digits: '' }));
      expect(await call.step('/dialed?hop=0', { DialCallStatus: 'completed', DialCallDuration: '9' })).toContain(rings(bob.phone));
      expect((await createPhoneLineCallRepository(t.conn).find(call.CallSid))?.reachedName ?? null).toBeNull();
    });

    it('a forged screening request gets 403 and changes nothing', async () => {
      const line = await aLine();
      const call = aCall(line);
      await call.start();
      const res = await twilioPost(t, `/twilio/voice/incoming/screen-choice?line=${line.id}&hop=0`, calleeLeg(call, { Digits: '1' }), 'forged');
      expect(res.status).toBe(403);
      expect((await createPhoneLineCallRepository(t.conn).find(call.CallSid))?.hops.map((h) => h.action)).toEqual(['call_received']);
    });

    it('a voicemail that picks up presses nothing: declined once (replays too), the next person is rung, and the timeline says why', async () => {
      const line = await aLine();
      const call = aCall(line);
      await call.start();
      await call.step('/ring?hop=0');
      await call.step('/screen?hop=0', calleeLeg(call, { AnsweredBy: 'machine_end_beep' }));
      const leg = calleeLeg(call, { Digits: '' });
      expect(await call.step('/screen-choice?hop=0', leg)).toContain('<Hangup/>');
      expect(await call.step('/screen-choice?hop=0', leg)).toContain('<Hangup/>');
      expect(await call.step('/dialed?hop=0', { DialCallStatus: 'no-answer', DialCallDuration: '0' })).toContain(rings(bob.phone));
      await call.step('/screen?hop=1', calleeLeg(call, { To: bob.phone }));
      expect(await call.step('/screen-choice?hop=1', calleeLeg(call, { To: bob.phone, Digits: '2' }))).toContain('<Hangup/>');
      expect(await call.step('/dialed?hop=1', { DialCallStatus: 'no-answer' })).toContain('<Record ');
      await call.step('/no-message');
      const alertId = (await createPhoneLineCallRepository(t.conn).find(call.CallSid))?.alertId;
      expect((await timeline(alertId ?? '')).filter((e) => e.startsWith('call_screen'))).toEqual([
        "call_screening: Alice's phone picked up: waiting for a keypress",
        "call_screen_declined: Alice's phone answered but nobody pressed 1 (voicemail or no keypress): not put through",
        "call_screening: Bob's phone picked up: waiting for a keypress",
        'call_screen_declined: Bob pressed 2, not 1: not put through',
      ]);
    });
  });
});

import { createAlertRepository } from '../../src/db/alert.repository';
import { createPolicy } from '../../src/db/escalation-policy.repository';
import { createPhoneLineCallRepository } from '../../src/db/phone-line-call.repository';
import { createPhoneLine, type PhoneLine } from '../../src/db/phone-line.repository';
import { TemporalUnavailableError } from '../../src/temporal/engine-errors';
import type { User } from '../../src/db/user.repository';
import { aScheduleInDb, aUserInDb } from '../fixtures/alerting.builders';
import { aLevel as level } from '../fixtures/stack';
import { buildTwilioApp, twiml } from './twilio-harness';

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
    expect(ringAlice).toContain(`<Number>${alice.phone}</Number>`);
    const ringBob = await call.step('/dialed?hop=0', { DialCallStatus: 'no-answer' });
    expect(ringBob).toContain(`<Number>${bob.phone}</Number>`);
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

  it('a call the on-call person answers is not an alert, even when it ends', async () => {
    const line = await aLine({ greeting: 'Acme, after hours.' });
    const call = aCall(line);
    expect(await call.start()).toContain(`<Say>Acme, after hours.</Say><Redirect method="POST">`);
    expect(await call.step('/ring?hop=0')).toContain(`<Number>${alice.phone}</Number>`);
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
    expect(await call.step('/reason', { RecordingUrl: 'https://api.twilio.com/rec/RE2' })).toContain(`<Number>${alice.phone}</Number>`);
    expect(await call.step('/dialed?hop=0', { DialCallStatus: 'no-answer' })).toContain('<Record ');
    await call.step('/no-message');
    const input = t.fake.of('trigger')[0]!.args[0] as { escalationPolicyId: string; policy: { levels: { targets: unknown[] }[] }; description: string };
    expect(input.escalationPolicyId).toBe(`phone-line:${line.id}`);
    expect(input.policy.levels[0]!.targets).toEqual([{ type: 'schedule', id: scheduleId }]);
    expect(input.description).toContain('Reason given: https://api.twilio.com/rec/RE2');
  });
});

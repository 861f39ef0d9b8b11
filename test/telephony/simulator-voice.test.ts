import { NIGHTLINE_NUMBER } from './fake-nightline';
import { ONCALL_PHONE, useTelephonyHarness } from './harness';

const h = useTelephonyHarness();

const ALERT_TWIML = `<?xml version="1.0" encoding="UTF-8"?>
<Response>
  <Gather numDigits="1" action="/twilio/ack" timeout="5">
    <Say>Alert: database down. Press 1 to acknowledge.</Say>
  </Gather>
  <Say>We did not get your answer. Goodbye.</Say>
</Response>`;

function placeAlertCall(extra: Partial<Parameters<typeof h.provider.placeCall>[0]> = {}) {
  h.app.twiml('/twilio/voice', ALERT_TWIML);
  h.app.twiml('/twilio/ack', '<Response><Say>Acknowledged.</Say><Hangup/></Response>');
  return h.provider.placeCall({
    to: ONCALL_PHONE,
    url: h.app.url('/twilio/voice'),
    statusCallback: h.app.url('/twilio/status'),
    statusCallbackEvents: ['initiated', 'ringing', 'answered', 'completed'],
    ...extra,
  });
}

describe('Twilio simulator: outbound calls placed with the real SDK', () => {
  it('when the on-call person answers and presses 1, the digit reaches the Gather action, signed', async () => {
    h.sim.phone(ONCALL_PHONE).answers({ pressDigits: ['1'] });
    const placed = await placeAlertCall();
    expect(placed).toEqual({ sid: expect.stringMatching(/^CA[0-9a-f]{32}$/), status: 'queued' });

    const call = await h.sim.records.waitForCallEnd(placed.sid);
    expect(call.status).toBe('completed');
    const [fetch] = h.app.hitsTo('/twilio/voice');
    expect(fetch).toMatchObject({
      signatureValid: true,
      params: {
        CallSid: placed.sid,
        CallStatus: 'in-progress',
        Direction: 'outbound-api',
        From: NIGHTLINE_NUMBER,
        To: ONCALL_PHONE,
      },
    });
    expect(h.app.hitsTo('/twilio/ack')).toEqual([
      expect.objectContaining({ signatureValid: true, params: expect.objectContaining({ Digits: '1' }) }),
    ]);
    const said = call.events.flatMap((e) => (e.type === 'say' ? [e.text] : []));
    expect(said).toEqual(['Alert: database down. Press 1 to acknowledge.', 'Acknowledged.']);
  });

  it('sends the subscribed progress events in order, each signed, ending with the duration', async () => {
    h.sim.phone(ONCALL_PHONE).answers({ pressDigits: ['1'] });
    const placed = await placeAlertCall();
    await h.sim.records.waitForCallEnd(placed.sid);

    const status = h.app.hitsTo('/twilio/status');
    expect(status.map((s) => s.params.CallStatus)).toEqual([
      'initiated',
      'ringing',
      'in-progress',
      'completed',
    ]);
    expect(status.every((s) => s.signatureValid)).toBe(true);
    expect(status.map((s) => s.params.SequenceNumber)).toEqual(['0', '1', '2', '3']);
    expect(Number(status[3]?.params.CallDuration)).toBeGreaterThan(0);
  });

  it('only sends the completed event when no events are subscribed', async () => {
    h.sim.phone(ONCALL_PHONE).answers({ pressDigits: ['1'] });
    const placed = await placeAlertCall({ statusCallbackEvents: undefined });
    await h.sim.records.waitForCallEnd(placed.sid);
    expect(h.app.hitsTo('/twilio/status').map((s) => s.params.CallStatus)).toEqual(['completed']);
  });

  it('when nobody presses a key, the call falls through to the verb after the Gather', async () => {
    h.sim.phone(ONCALL_PHONE).answers();
    const placed = await placeAlertCall();
    const call = await h.sim.records.waitForCallEnd(placed.sid);
    expect(h.app.hitsTo('/twilio/ack')).toHaveLength(0);
    expect(call.events.filter((e) => e.type === 'say').at(-1)).toMatchObject({
      text: 'We did not get your answer. Goodbye.',
    });
  });

  it('when the phone rings out, the status callback says no-answer and no TwiML is fetched', async () => {
    const placed = await placeAlertCall({ timeoutSeconds: 25 });
    const call = await h.sim.records.waitForCallEnd(placed.sid);
    expect(call.status).toBe('no-answer');
    expect(h.app.hitsTo('/twilio/voice')).toHaveLength(0);
    const last = h.app.hitsTo('/twilio/status').at(-1);
    expect(last).toMatchObject({
      signatureValid: true,
      params: { CallStatus: 'no-answer', CallDuration: '0' },
    });
  });

  it.each([
    ['busy', (n: string) => h.sim.phone(n).busy()],
    ['failed', (n: string) => h.sim.phone(n).fail()],
  ])('when the line is %s, the final status callback says so', async (status, script) => {
    script(ONCALL_PHONE);
    const placed = await placeAlertCall();
    await h.sim.records.waitForCallEnd(placed.sid);
    expect(h.app.hitsTo('/twilio/status').at(-1)?.params.CallStatus).toBe(status);
    expect(h.app.hitsTo('/twilio/voice')).toHaveLength(0);
  });

  it('when voicemail answers and detection waits for the beep, the TwiML fetch says machine_end_beep', async () => {
    h.sim.phone(ONCALL_PHONE).answeredByMachine('machine_end_beep');
    const placed = await placeAlertCall({ machineDetection: 'DetectMessageEnd' });
    const call = await h.sim.records.waitForCallEnd(placed.sid);
    expect(h.app.hitsTo('/twilio/voice')[0]?.params.AnsweredBy).toBe('machine_end_beep');
    expect(call.answeredBy).toBe('machine_end_beep');
  });

  it('with MachineDetection=Enable a voicemail is reported as machine_start, a person as human', async () => {
    h.sim.phone(ONCALL_PHONE).queue({ answer: 'machine_end_silence' }, { answer: 'human' });
    const first = await placeAlertCall({ machineDetection: 'Enable' });
    await h.sim.records.waitForCallEnd(first.sid);
    const second = await placeAlertCall({ machineDetection: 'Enable' });
    await h.sim.records.waitForCallEnd(second.sid);
    expect(h.app.hitsTo('/twilio/voice').map((v) => v.params.AnsweredBy)).toEqual(['machine_start', 'human']);
  });

  it('with async AMD the TwiML is fetched at once and the verdict is posted to the AMD callback', async () => {
    h.sim.phone(ONCALL_PHONE).answeredByMachine('machine_start');
    const placed = await placeAlertCall({
      machineDetection: 'Enable',
      asyncAmd: true,
      asyncAmdStatusCallback: h.app.url('/twilio/amd'),
    });
    const amd = await h.app.waitForHit('/twilio/amd');
    expect(amd).toMatchObject({
      signatureValid: true,
      params: { CallSid: placed.sid, AnsweredBy: 'machine_start' },
    });
    expect(h.app.hitsTo('/twilio/voice')[0]?.params.AnsweredBy).toBeUndefined();
  });

  it('when the TwiML URL cannot be reached, the call logs error 11200 and hangs up', async () => {
    h.sim.phone(ONCALL_PHONE).answers();
    const placed = await h.provider.placeCall({
      to: ONCALL_PHONE,
      url: 'http://127.0.0.1:1/twilio/voice',
      statusCallback: h.app.url('/twilio/status'),
    });
    const call = await h.sim.records.waitForCallEnd(placed.sid);
    expect(call.status).toBe('completed');
    expect(call.events.find((e) => e.type === 'error')).toMatchObject({ code: 11200 });
  });

  it('when the app answers with something that is not TwiML, the call logs error 12100 and hangs up', async () => {
    h.sim.phone(ONCALL_PHONE).answers();
    h.app.twiml('/twilio/broken', '<html><body>oops</body></html>');
    const placed = await h.provider.placeCall({
      to: ONCALL_PHONE,
      url: h.app.url('/twilio/broken'),
      statusCallback: h.app.url('/twilio/status'),
    });
    const call = await h.sim.records.waitForCallEnd(placed.sid);
    expect(call.events.find((e) => e.type === 'error')).toMatchObject({ code: 12100 });
    expect(h.app.hitsTo('/twilio/status').at(-1)?.params.CallStatus).toBe('completed');
  });
});

import { MAX_DOCUMENTS_PER_CALL } from '../../src/telephony/simulator';
import { NIGHTLINE_NUMBER } from './fake-nightline';
import { ONCALL_PHONE, SECONDARY_PHONE, useTelephonyHarness } from './harness';

const h = useTelephonyHarness();

async function callWith(twiml: string) {
  h.app.twiml('/twilio/voice', twiml);
  const placed = await h.provider.placeCall({
    to: ONCALL_PHONE,
    url: h.app.url('/twilio/voice'),
    statusCallback: h.app.url('/twilio/status'),
  });
  return h.sim.records.waitForCallEnd(placed.sid);
}

const DIAL_SECONDARY = `<Response>
  <Say>Connecting you to the secondary.</Say>
  <Dial timeout="10" action="/twilio/dial-result"><Number>${SECONDARY_PHONE}</Number></Dial>
  <Say>not reached when the action answers</Say>
</Response>`;

describe('Twilio simulator: TwiML verbs', () => {
  it('when the dialled second phone does not answer, the Dial action gets DialCallStatus=no-answer', async () => {
    h.sim.phone(ONCALL_PHONE).answers();
    h.app.twiml('/twilio/dial-result', '<Response><Hangup/></Response>');
    const call = await callWith(DIAL_SECONDARY);

    const [result] = h.app.hitsTo('/twilio/dial-result');
    expect(result).toMatchObject({
      signatureValid: true,
      params: { DialCallStatus: 'no-answer', DialCallDuration: '0' },
    });
    const child = h.sim.records.call(result!.params.DialCallSid!);
    expect(child).toMatchObject({
      to: SECONDARY_PHONE,
      parentCallSid: call.sid,
      direction: 'outbound-dial',
      status: 'no-answer',
    });
    expect(call.events.find((e) => e.type === 'dial')).toMatchObject({
      numbers: [SECONDARY_PHONE],
      result: 'no-answer',
    });
  });

  it('when the second phone answers, the two are bridged for as long as that person stays on', async () => {
    h.sim.phone(ONCALL_PHONE).answers();
    h.sim.phone(SECONDARY_PHONE).answers({ hangUpAfterSeconds: 42 });
    h.app.twiml('/twilio/dial-result', '<Response><Hangup/></Response>');
    await callWith(DIAL_SECONDARY);
    const [result] = h.app.hitsTo('/twilio/dial-result');
    expect(result?.params).toMatchObject({
      DialCallStatus: 'completed',
      DialCallDuration: '42',
      DialBridged: 'true',
    });
    await h.sim.records.waitForCallEnd(result!.params.DialCallSid!);
  });

  it('a Dial without action continues with the next verb; a busy number reports busy', async () => {
    h.sim.phone(ONCALL_PHONE).answers();
    h.sim.phone(SECONDARY_PHONE).busy();
    const call = await callWith(
      `<Response><Dial>${SECONDARY_PHONE}</Dial><Say>Nobody there.</Say></Response>`,
    );
    expect(call.events.find((e) => e.type === 'dial')).toMatchObject({ result: 'busy' });
    expect(call.events.filter((e) => e.type === 'say').at(-1)).toMatchObject({ text: 'Nobody there.' });
  });

  it('Record posts RecordingUrl, RecordingSid and RecordingDuration, and the transcription follows', async () => {
    h.sim.phone(ONCALL_PHONE).answers({ record: { seconds: 7, transcription: 'disk is full on db-3' } });
    h.app.twiml('/twilio/recorded', '<Response><Say>Thanks.</Say></Response>');
    await callWith(
      '<Response><Say>Leave a message.</Say><Record maxLength="30" action="/twilio/recorded" transcribeCallback="/twilio/transcript"/></Response>',
    );
    const [recorded] = h.app.hitsTo('/twilio/recorded');
    expect(recorded).toMatchObject({
      signatureValid: true,
      params: { RecordingSid: expect.stringMatching(/^RE[0-9a-f]{32}$/), RecordingDuration: '7' },
    });
    expect(recorded!.params.RecordingUrl!.startsWith(h.sim.baseUrl)).toBe(true);
    const transcript = await h.app.waitForHit('/twilio/transcript');
    expect(transcript.params).toMatchObject({
      TranscriptionText: 'disk is full on db-3',
      TranscriptionStatus: 'completed',
    });

    const audio = await fetch(recorded!.params.RecordingUrl!);
    expect(audio.status).toBe(200);
    expect(audio.headers.get('content-type')).toContain('audio');
  });

  it('when the party stays silent at Record, nothing is posted and the call moves on', async () => {
    h.sim.phone(ONCALL_PHONE).answers();
    const call = await callWith(
      '<Response><Record action="/twilio/recorded"/><Say>No message.</Say></Response>',
    );
    expect(h.app.hitsTo('/twilio/recorded')).toHaveLength(0);
    expect(call.events.filter((e) => e.type === 'say').at(-1)).toMatchObject({ text: 'No message.' });
  });

  it('Redirect fetches the next document (relative to the current one) with the call parameters', async () => {
    h.sim.phone(ONCALL_PHONE).answers({ pressDigits: [null, '9'] });
    h.app.twiml('/twilio/menu', '<Response><Gather numDigits="1" action="menu-choice"/></Response>');
    h.app.twiml('/twilio/menu-choice', '<Response><Say>Bye.</Say></Response>');
    await callWith('<Response><Gather numDigits="1"/><Redirect>/twilio/menu</Redirect></Response>');
    expect(h.app.hitsTo('/twilio/menu')).toHaveLength(1);
    expect(h.app.hitsTo('/twilio/menu-choice')[0]?.params.Digits).toBe('9');
  });

  it('a document that redirects to itself forever is cut off', async () => {
    h.sim.phone(ONCALL_PHONE).answers();
    h.app.twiml('/twilio/loop', '<Response><Redirect>/twilio/loop</Redirect></Response>');
    const call = await callWith('<Response><Redirect>/twilio/loop</Redirect></Response>');
    expect(call.status).toBe('completed');
    expect(h.app.hitsTo('/twilio/loop')).toHaveLength(MAX_DOCUMENTS_PER_CALL - 1);
    expect(call.events.find((e) => e.type === 'error')).toMatchObject({
      message: expect.stringContaining('redirect loop'),
    });
  });

  it('Gather honours finishOnKey and actionOnEmptyResult', async () => {
    h.sim.phone(ONCALL_PHONE).answers({ pressDigits: ['42#7', ''] });
    h.app.twiml('/twilio/code', (p) =>
      p.Digits === '42'
        ? '<Response><Gather actionOnEmptyResult="true" action="/twilio/empty"/></Response>'
        : '<Response/>',
    );
    await callWith('<Response><Gather action="/twilio/code"/></Response>');
    expect(h.app.hitsTo('/twilio/code')[0]?.params.Digits).toBe('42');
    expect(h.app.hitsTo('/twilio/empty')[0]?.params.Digits).toBe('');
  });

  it('a party scripted to say a phrase at a speech Gather posts it, signed, as SpeechResult; a DTMF-only Gather hears no speech', async () => {
    h.sim.phone(ONCALL_PHONE).answers({ say: ['server down', 'ignored at a keypad-only gather'], pressDigits: [null, '3'] });
    h.app.twiml('/twilio/reason', '<Response><Gather input="dtmf" numDigits="1" action="/twilio/key"/></Response>');
    h.app.twiml('/twilio/key', '<Response><Hangup/></Response>');
    await callWith('<Response><Gather input="speech dtmf" action="/twilio/reason"><Say>Why are you calling?</Say></Gather></Response>');
    const [spoken] = h.app.hitsTo('/twilio/reason');
    expect(spoken).toMatchObject({ signatureValid: true, params: { SpeechResult: 'server down', Confidence: '0.9' } });
    expect(spoken?.params.Digits).toBeUndefined();
    expect(h.app.hitsTo('/twilio/key')[0]?.params).toMatchObject({ Digits: '3' });
  });

  it('Sms during a call texts the other party from the Twilio number', async () => {
    h.sim.phone(ONCALL_PHONE).answers();
    const call = await callWith(
      '<Response><Sms>Alert details: https://nightline.example/a/1</Sms><Hangup/></Response>',
    );
    const sms = call.events.find((e) => e.type === 'sms');
    expect(h.sim.records.messages).toEqual([
      expect.objectContaining({
        to: ONCALL_PHONE,
        from: NIGHTLINE_NUMBER,
        body: 'Alert details: https://nightline.example/a/1',
      }),
    ]);
    expect(sms).toMatchObject({ to: ONCALL_PHONE });
  });

  it('an unknown verb is logged and skipped', async () => {
    h.sim.phone(ONCALL_PHONE).answers();
    const call = await callWith('<Response><Conference>room</Conference><Say>after</Say></Response>');
    expect(call.events.find((e) => e.type === 'error')).toMatchObject({ code: 12200 });
    expect(call.events.some((e) => e.type === 'say' && e.text === 'after')).toBe(true);
  });
});

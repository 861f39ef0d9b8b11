import { NIGHTLINE_NUMBER } from './fake-nightline';
import { ONCALL_PHONE, SECONDARY_PHONE, useTelephonyHarness } from './harness';

const h = useTelephonyHarness();

const SCREEN = `<Response>
  <Gather numDigits="1" action="/twilio/screen-choice"><Say>Call for you. Press 1 to accept.</Say></Gather>
  <Hangup/>
</Response>`;

/** The on-call phone answers a Nightline page, which dials the secondary with a screening url. */
async function dialScreened(numberAttrs = 'url="/twilio/screen"') {
  h.app.twiml('/twilio/screen', SCREEN);
  h.app.twiml('/twilio/screen-choice', (p) =>
    p.Digits === '1' ? '<Response/>' : '<Response><Hangup/></Response>',
  );
  h.app.twiml('/twilio/dial-result', '<Response><Hangup/></Response>');
  h.app.twiml(
    '/twilio/voice',
    `<Response><Dial timeout="20" action="/twilio/dial-result"><Number ${numberAttrs}>${SECONDARY_PHONE}</Number></Dial></Response>`,
  );
  h.sim.phone(ONCALL_PHONE).answers();
  const placed = await h.provider.placeCall({
    to: ONCALL_PHONE,
    url: h.app.url('/twilio/voice'),
    statusCallback: h.app.url('/twilio/status'),
  });
  const call = await h.sim.records.waitForCallEnd(placed.sid);
  const [result] = h.app.hitsTo('/twilio/dial-result');
  const child = await h.sim.records.waitForCallEnd(result!.params.DialCallSid!);
  return { call, result: result!, child };
}

describe('Twilio simulator: <Number url> call screening', () => {
  it('runs the screening TwiML on the callee leg with its own CallSid and the ParentCallSid, signed', async () => {
    h.sim.phone(SECONDARY_PHONE).answers({ pressDigits: ['1'] });
    const { call, child } = await dialScreened();
    const [screen] = h.app.hitsTo('/twilio/screen');
    expect(screen).toMatchObject({
      signatureValid: true,
      params: {
        CallSid: child.sid,
        ParentCallSid: call.sid,
        Direction: 'outbound-dial',
        From: NIGHTLINE_NUMBER,
        To: SECONDARY_PHONE,
        CallStatus: 'in-progress',
      },
    });
    expect(screen!.params.AnsweredBy).toBeUndefined();
    expect(child.events.some((e) => e.type === 'say' && e.text.includes('Press 1 to accept'))).toBe(true);
  });

  it('when the callee presses 1 and the screening ends, the calls are bridged (DialCallStatus=completed)', async () => {
    h.sim.phone(SECONDARY_PHONE).answers({ pressDigits: ['1'], hangUpAfterSeconds: 42 });
    const { call, result, child } = await dialScreened();
    expect(h.app.hitsTo('/twilio/screen-choice')[0]?.params.Digits).toBe('1');
    // The reported duration is the callee leg's: the screening and the conversation.
    expect(result.params).toMatchObject({
      DialCallStatus: 'completed',
      DialBridged: 'true',
      DialCallDuration: '42',
    });
    expect(call.events.find((e) => e.type === 'dial')).toMatchObject({
      result: 'completed',
      screened: 'accepted',
    });
    expect(child).toMatchObject({ status: 'completed', duration: 42 });
  });

  it('when voicemail answers, nothing is pressed, the screening hangs up and the Dial reports no-answer', async () => {
    // Even a script with digits: a machine presses no keys.
    h.sim.phone(SECONDARY_PHONE).answeredByMachine('machine_end_beep', { pressDigits: ['1'] });
    const { call, result, child } = await dialScreened();
    expect(h.app.hitsTo('/twilio/screen-choice')).toEqual([]);
    expect(result.params).toMatchObject({
      DialCallStatus: 'no-answer',
      DialBridged: 'false',
      DialCallDuration: '0',
    });
    expect(result.params.DialCallSid).toBe(child.sid);
    expect(call.events.find((e) => e.type === 'dial')).toMatchObject({
      result: 'no-answer',
      screened: 'declined',
    });
    // The callee leg itself was answered (by the machine) and then hung up by the screening TwiML.
    expect(child.status).toBe('completed');
    expect(child.events.some((e) => e.type === 'hangup' && e.by === 'twiml')).toBe(true);
  });

  it('another digit declines the call too', async () => {
    h.sim.phone(SECONDARY_PHONE).answers({ pressDigits: ['2'] });
    const { result } = await dialScreened();
    expect(h.app.hitsTo('/twilio/screen-choice')[0]?.params.Digits).toBe('2');
    expect(result.params).toMatchObject({ DialCallStatus: 'no-answer', DialBridged: 'false' });
  });

  it('a callee who hangs up during the screening has not answered', async () => {
    h.sim.phone(SECONDARY_PHONE).answers({ hangUpAfterSeconds: 1 });
    const { result } = await dialScreened();
    expect(result.params).toMatchObject({ DialCallStatus: 'no-answer', DialBridged: 'false' });
  });

  it('with machineDetection on the Number, the screening request carries AnsweredBy', async () => {
    h.sim.phone(SECONDARY_PHONE).answeredByMachine('machine_end_beep');
    const { result } = await dialScreened('url="/twilio/screen" machineDetection="DetectMessageEnd"');
    expect(h.app.hitsTo('/twilio/screen')[0]?.params.AnsweredBy).toBe('machine_end_beep');
    expect(result.params.DialCallStatus).toBe('no-answer');
  });

  it('screening TwiML may not Dial (13201), which declines the call', async () => {
    h.sim.phone(SECONDARY_PHONE).answers({ pressDigits: ['1'] });
    h.app.twiml('/twilio/screen-dial', `<Response><Dial>${ONCALL_PHONE}</Dial></Response>`);
    const { result, child } = await dialScreened('url="/twilio/screen-dial"');
    expect(child.events.find((e) => e.type === 'error')).toMatchObject({ code: 13201 });
    expect(result.params.DialCallStatus).toBe('no-answer');
  });
});

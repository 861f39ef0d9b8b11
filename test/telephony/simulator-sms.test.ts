import { isPermanentTelephonyError } from '../../src/telephony/telephony';
import { NIGHTLINE_NUMBER } from './fake-nightline';
import { ONCALL_PHONE, useTelephonyHarness } from './harness';

const h = useTelephonyHarness();

describe('Twilio simulator: SMS', () => {
  it('an SMS sent with the SDK is recorded and its status callbacks go queued → sent → delivered, signed', async () => {
    const sent = await h.provider.sendSms({
      to: ONCALL_PHONE,
      body: 'ALERT db-3 disk full. Reply 1 to ack.',
      statusCallback: h.app.url('/twilio/sms-status'),
    });
    expect(sent).toEqual({ sid: expect.stringMatching(/^SM[0-9a-f]{32}$/), status: 'queued' });

    const msg = await h.sim.records.waitForMessageFinal(sent.sid);
    expect(msg).toMatchObject({
      to: ONCALL_PHONE,
      from: NIGHTLINE_NUMBER,
      body: 'ALERT db-3 disk full. Reply 1 to ack.',
      numSegments: 1,
      status: 'delivered',
    });
    const callbacks = h.app.hitsTo('/twilio/sms-status');
    expect(callbacks.map((c) => c.params.MessageStatus)).toEqual(['queued', 'sent', 'delivered']);
    expect(callbacks.every((c) => c.signatureValid && c.params.MessageSid === sent.sid)).toBe(true);
  });

  it('counts segments the way carriers do', async () => {
    const long = await h.provider.sendSms({ to: ONCALL_PHONE, body: 'x'.repeat(200) });
    const unicode = await h.provider.sendSms({ to: ONCALL_PHONE, body: '🔥'.repeat(40) });
    expect(h.sim.records.message(long.sid)?.numSegments).toBe(2);
    expect(h.sim.records.message(unicode.sid)?.numSegments).toBe(2);
  });

  it('when the phone cannot receive texts, the last callback says undelivered with an error code', async () => {
    h.sim.phone(ONCALL_PHONE).script({ sms: 'undelivered' });
    const sent = await h.provider.sendSms({
      to: ONCALL_PHONE,
      body: 'hi',
      statusCallback: h.app.url('/twilio/sms-status'),
    });
    await h.sim.records.waitForMessageFinal(sent.sid);
    const last = h.app.hitsTo('/twilio/sms-status').at(-1);
    expect(last?.params).toMatchObject({ MessageStatus: 'undelivered', ErrorCode: '30003' });
  });

  it('a recipient who opted out is refused by the API with 21610, a permanent error', async () => {
    h.sim.phone(ONCALL_PHONE).script({ smsApiError: 21610 });
    const err = await h.provider.sendSms({ to: ONCALL_PHONE, body: 'hi' }).catch((e: unknown) => e);
    expect(isPermanentTelephonyError(err)).toBe(true);
    expect(err).toMatchObject({ code: 21610, httpStatus: 400 });
    expect(h.sim.records.messages).toHaveLength(0);
  });

  it('an inbound SMS reply reaches the smsUrl signed, and a <Message> reply is sent back', async () => {
    h.sim.configureNumber(NIGHTLINE_NUMBER, { smsUrl: h.app.url('/twilio/sms') });
    h.app.twiml('/twilio/sms', (p) => `<Response><Message>Acknowledged: ${p.Body}</Message></Response>`);

    const result = await h.sim.sendSms({ from: ONCALL_PHONE, to: NIGHTLINE_NUMBER, body: '1' });
    const [hit] = h.app.hitsTo('/twilio/sms');
    expect(hit).toMatchObject({
      signatureValid: true,
      params: {
        From: ONCALL_PHONE,
        To: NIGHTLINE_NUMBER,
        Body: '1',
        MessageSid: result.message.sid,
        SmsStatus: 'received',
      },
    });
    expect(result.message.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(result.replies).toEqual([
      expect.objectContaining({
        to: ONCALL_PHONE,
        from: NIGHTLINE_NUMBER,
        body: 'Acknowledged: 1',
        direction: 'outbound-reply',
      }),
    ]);
  });

  it('an inbound SMS to a number nobody configured is refused', async () => {
    await expect(h.sim.sendSms({ from: ONCALL_PHONE, to: '+15559999999', body: '1' })).rejects.toThrow(
      /no smsUrl/,
    );
  });
});

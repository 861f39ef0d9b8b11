import { notificationAttemptModel } from '../../src/db/notification-attempt.model';
import { TemporalUnavailableError } from '../../src/temporal/engine-errors';
import { aUserInDb } from '../fixtures/alerting.builders';
import { aPagedAlert, buildTwilioApp, outcomeEntries, twiml } from './twilio-harness';

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
const sid = (p: string) => `${p}${String(++seq).padStart(32, '0')}`;
const outcomes = () => t.fake.of('notificationOutcome').map((c) => (c.args[1] as { outcome: string }).outcome);
const statusOf = async (key: string) => (await notificationAttemptModel(t.conn).findOne({ key }).lean())?.status;

describe('call status callbacks', () => {
  it.each([
    ['busy', 'busy'],
    ['no-answer', 'no_answer'],
    ['failed', 'failed'],
    ['canceled', 'canceled'],
  ])('%s is reported to the workflow as %s and recorded on the attempt', async (callStatus, outcome) => {
    const page = await aPagedAlert(t, await aUserInDb(t.conn));
    await twiml(t, page.path('/twilio/voice/status'), { CallSid: sid('CA'), CallStatus: callStatus });
    expect(outcomes()).toEqual([outcome]);
    expect(await statusOf(page.key)).toBe(outcome);
  });

  it('a call that completed without a keypress is reported as such; a duplicate callback changes nothing', async () => {
    const page = await aPagedAlert(t, await aUserInDb(t.conn));
    const params = { CallSid: sid('CA'), CallStatus: 'completed', AnsweredBy: 'human' };
    await twiml(t, page.path('/twilio/voice/status'), params);
    await twiml(t, page.path('/twilio/voice/status'), params);
    expect(outcomes()).toEqual(['completed_without_keypress']);
  });

  it('a completed call after a keypress counts as answered (timeline only), and a machine as a machine (to the workflow)', async () => {
    const page = await aPagedAlert(t, await aUserInDb(t.conn));
    const callSid = sid('CA');
    await twiml(t, page.path('/twilio/voice/page/digits'), { CallSid: callSid, Digits: '3' });
    await twiml(t, page.path('/twilio/voice/status'), { CallSid: callSid, CallStatus: 'completed', AnsweredBy: 'human' });
    expect(await statusOf(page.key)).toBe('answered');
    expect((await outcomeEntries(t, page.alertId)).map((e) => e.action)).toEqual(['notification_answered']);
    const machine = await aPagedAlert(t, await aUserInDb(t.conn));
    await twiml(t, machine.path('/twilio/voice/status'), { CallSid: sid('CA'), CallStatus: 'completed', AnsweredBy: 'machine_end_beep' });
    expect(outcomes()).toEqual(['machine']);
    expect(await outcomeEntries(t, machine.alertId)).toEqual([]); // the workflow writes it, with the fallback it starts
  });

  it('a late callback never overwrites a final status on the attempt', async () => {
    const page = await aPagedAlert(t, await aUserInDb(t.conn));
    const callSid = sid('CA');
    await twiml(t, page.path('/twilio/voice/status'), { CallSid: callSid, CallStatus: 'no-answer' });
    await twiml(t, page.path('/twilio/voice/status'), { CallSid: callSid, CallStatus: 'completed' });
    expect(await statusOf(page.key)).toBe('no_answer');
  });

  it('the end of a call whose page was acknowledged by keypress changes neither the attempt nor the timeline', async () => {
    const page = await aPagedAlert(t, await aUserInDb(t.conn));
    const callSid = sid('CA');
    await twiml(t, page.path('/twilio/voice/page/digits'), { CallSid: callSid, Digits: '1' });
    expect(await statusOf(page.key)).toBe('acknowledged_by_keypress');
    await twiml(t, page.path('/twilio/voice/status'), { CallSid: callSid, CallStatus: 'completed', AnsweredBy: 'human' });
    expect(await statusOf(page.key)).toBe('acknowledged_by_keypress');
    expect((await outcomeEntries(t, page.alertId)).map((e) => e.action)).toEqual(['notification_acknowledged_by_keypress']);
    expect(outcomes()).toEqual([]);
  });

  it('an unanswered call whose report failed to reach the workflow reaches it on the replay, though the attempt already says so', async () => {
    const page = await aPagedAlert(t, await aUserInDb(t.conn));
    const params = { CallSid: sid('CA'), CallStatus: 'completed', AnsweredBy: 'human' };
    t.fake.next.outcomeError = new TemporalUnavailableError();
    await expect(twiml(t, page.path('/twilio/voice/status'), params)).rejects.toThrow(/→ 5\d\d/);
    expect(await statusOf(page.key)).toBe('completed_without_keypress'); // recorded before the workflow was asked
    t.fake.reset();
    await twiml(t, page.path('/twilio/voice/status'), params); // Twilio retries a failed callback
    expect(outcomes()).toEqual(['completed_without_keypress']);
    t.fake.reset();
    await twiml(t, page.path('/twilio/voice/status'), params);
    expect(outcomes()).toEqual([]); // handled now: a further replay changes nothing
  });

  it('a callback for an unknown attempt is acknowledged and ignored', async () => {
    await twiml(t, '/twilio/voice/status?attempt=unknown', { CallSid: sid('CA'), CallStatus: 'busy' });
    expect(t.fake.calls).toEqual([]);
  });
});

describe('SMS status callbacks', () => {
  it('delivered and undelivered go on the timeline once each, without waking the workflow; sent is not an outcome', async () => {
    const user = await aUserInDb(t.conn);
    const page = await aPagedAlert(t, user, { channel: 'sms' });
    const messageSid = sid('SM');
    for (const status of ['sent', 'delivered', 'delivered']) {
      await twiml(t, page.path('/twilio/sms/status'), { MessageSid: messageSid, MessageStatus: status });
    }
    expect(await statusOf(page.key)).toBe('delivered');
    expect(await outcomeEntries(t, page.alertId)).toEqual([{ action: 'notification_delivered', details: `sms to ${user.name}: delivered` }]);
    const other = await aPagedAlert(t, await aUserInDb(t.conn), { channel: 'sms' });
    await twiml(t, other.path('/twilio/sms/status'), { MessageSid: sid('SM'), MessageStatus: 'undelivered', ErrorCode: '30003' });
    expect(await statusOf(other.key)).toBe('undelivered');
    expect((await outcomeEntries(t, other.alertId)).map((e) => e.action)).toEqual(['notification_undelivered']);
    expect(outcomes()).toEqual([]);
  });

  it('a text that carried one page says so in its URL (n=1), and its report needs no bundle', async () => {
    const user = await aUserInDb(t.conn);
    const page = await aPagedAlert(t, user, { channel: 'sms' });
    await twiml(t, `${page.path('/twilio/sms/status')}&bundle=no-such-bundle&n=1`, { MessageSid: sid('SM'), MessageStatus: 'delivered' });
    expect(await statusOf(page.key)).toBe('delivered');
    expect(await outcomeEntries(t, page.alertId)).toEqual([{ action: 'notification_delivered', details: `sms to ${user.name}: delivered` }]);
  });

  it('a stale delivery report after a final one changes neither the attempt nor the timeline', async () => {
    const page = await aPagedAlert(t, await aUserInDb(t.conn), { channel: 'sms' });
    const messageSid = sid('SM');
    await twiml(t, page.path('/twilio/sms/status'), { MessageSid: messageSid, MessageStatus: 'undelivered' });
    await twiml(t, page.path('/twilio/sms/status'), { MessageSid: messageSid, MessageStatus: 'delivered' });
    expect(await statusOf(page.key)).toBe('undelivered');
    expect((await outcomeEntries(t, page.alertId)).map((e) => e.action)).toEqual(['notification_undelivered']);
  });
});

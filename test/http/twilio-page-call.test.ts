import { notificationAttemptModel } from '../../src/db/notification-attempt.model';
import { userModel } from '../../src/db/user.model';
import { createAlertRepository } from '../../src/db/alert.repository';
import { signTwilioRequest } from '../../src/telephony/signature';
import { TemporalUnavailableError } from '../../src/temporal/engine-errors';
import { aUserInDb } from '../fixtures/alerting.builders';
import { aPagedAlert, buildTwilioApp, outcomeEntries, twiml, twilioPost } from './twilio-harness';

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
const callSid = () => `CA${String(++seq).padStart(32, '0')}`;
const alice = () => aUserInDb(t.conn, { name: 'Alice' });

describe('Twilio signature', () => {
  it('a forged or missing signature gets 403 and changes nothing', async () => {
    const page = await aPagedAlert(t, await alice());
    const params = { CallSid: callSid(), Digits: '1' };
    expect((await twilioPost(t, page.path('/twilio/voice/page/digits'), params, 'Zm9yZ2Vk')).status).toBe(403);
    const missing = await twilioPost(t, page.path('/twilio/voice/page/digits'), params, '');
    expect(missing.status).toBe(403);
    // A genuine signature for one attempt's URL does not carry over to another's: the query is signed too.
    const other = await aPagedAlert(t, await alice());
    const signedForPage = signTwilioRequest(t.config.TWILIO_AUTH_TOKEN, `${t.config.PUBLIC_URL}${page.path('/twilio/voice/page/digits')}`, params);
    expect((await twilioPost(t, other.path('/twilio/voice/page/digits'), params, signedForPage)).status).toBe(403);
    // Nor to a changed body.
    expect((await twilioPost(t, page.path('/twilio/voice/page/digits'), { ...params, Digits: '3' }, signedForPage)).status).toBe(403);
    expect(t.fake.calls).toEqual([]);
  });
});

describe('the page call', () => {
  it('when answered by a person, says the alert and who is paged, then the keypress menu; the answer goes on the timeline', async () => {
    const page = await aPagedAlert(t, await alice());
    const sid = callSid();
    const xml = await twiml(t, page.path('/twilio/voice/page'), { CallSid: sid, AnsweredBy: 'human', CallStatus: 'in-progress' });
    expect(xml).toContain('Hello Alice. This is Nightline with a critical alert: DB down, from api prod.');
    expect(xml).toContain('Press 1 to acknowledge. Press 2 to escalate to the next person. Press 3 to resolve. Press 9 to hear this again.');
    // Nothing about paging changes when a call is answered: the webhook writes the fact, the workflow is not woken.
    expect(t.fake.of('notificationOutcome')).toEqual([]);
    expect(await outcomeEntries(t, page.alertId)).toEqual([{ action: 'notification_answered', details: 'phone_call to Alice: answered' }]);
    const attempt = await notificationAttemptModel(t.conn).findOne({ key: page.key });
    expect([attempt?.status, attempt?.providerId]).toEqual(['answered', sid]);
    // A replayed answer adds nothing.
    await twiml(t, page.path('/twilio/voice/page'), { CallSid: sid, AnsweredBy: 'human', CallStatus: 'in-progress' });
    expect(await outcomeEntries(t, page.alertId)).toHaveLength(1);
  });

  it('a page that recorded its person speaks to them by that name and zone, without looking the user up', async () => {
    const user = await alice();
    const page = await aPagedAlert(t, user, { asPaged: { personName: 'Alice Paged', personZone: 'Asia/Tokyo' } });
    const acked = await aPagedAlert(t, user, { asPaged: { personName: 'Alice Paged', personZone: 'Asia/Tokyo' } });
    await createAlertRepository(t.conn).project(acked.alertId, { status: 'acknowledged', acknowledgedBy: 'Bob', acknowledgedAt: '2026-11-30T03:12:00.000Z' }, []);
    await userModel(t.conn).deleteOne({ _id: user.id }); // proves no lookup: a missing user would be "on-call engineer" in UTC
    const xml = await twiml(t, page.path('/twilio/voice/page'), { CallSid: callSid(), AnsweredBy: 'human', CallStatus: 'in-progress' });
    expect(xml).toContain('Hello Alice Paged.');
    expect(await outcomeEntries(t, page.alertId)).toEqual([{ action: 'notification_answered', details: 'phone_call to Alice Paged: answered' }]);
    // Times are said in the zone the page recorded: 03:12 UTC is 12:12 in Tokyo.
    const late = await twiml(t, acked.path('/twilio/voice/page'), { CallSid: callSid(), AnsweredBy: 'human', CallStatus: 'in-progress' });
    expect(late).toContain('already acknowledged by Bob at 12:12.');
  });

  it.each(['machine_start', 'machine_end_beep', 'fax'])('when %s answers, leaves a short message, hangs up and reports a machine', async (answeredBy) => {
    const page = await aPagedAlert(t, await alice());
    const xml = await twiml(t, page.path('/twilio/voice/page'), { CallSid: callSid(), AnsweredBy: answeredBy });
    expect(xml).toMatch(/<Say>This is Nightline for Alice: a critical alert, DB down\. Please check your text messages\. Goodbye\.<\/Say><Hangup\/>/);
    expect(xml).not.toContain('<Gather');
    expect(t.fake.of('notificationOutcome').map((c) => (c.args[1] as { outcome: string }).outcome)).toEqual(['machine']);
    expect((await notificationAttemptModel(t.conn).findOne({ key: page.key }))?.status).toBe('machine');
  });

  it('pressing 1 acknowledges as the paged person, confirms by voice, and a replayed keypress acts once', async () => {
    const user = await alice();
    const page = await aPagedAlert(t, user);
    const params = { CallSid: callSid(), Digits: '1' };
    const first = await twiml(t, page.path('/twilio/voice/page/digits'), params);
    expect(first).toContain('<Say>Acknowledged. Paging has stopped. Goodbye.</Say><Hangup/>');
    const again = await twiml(t, page.path('/twilio/voice/page/digits'), params);
    expect(again).toBe(first);
    expect(t.fake.of('acknowledge').map((c) => c.args.slice(0, 3))).toEqual([[page.alertId, { name: 'Alice', userId: user.id }, 'phone']]);
    // The alert the webhook loaded goes along, so the engine does not read it again.
    expect(t.fake.of('acknowledge').map((c) => String((c.args[3] as { _id: unknown })._id))).toEqual([page.alertId]);
    expect(t.fake.of('notificationOutcome')).toEqual([]);
    expect(await outcomeEntries(t, page.alertId)).toEqual([{ action: 'notification_acknowledged_by_keypress', details: 'phone_call to Alice: acknowledged by keypress' }]);
  });

  it('pressing 2 escalates as of the level the person was paged at', async () => {
    const user = await alice();
    const page = await aPagedAlert(t, user, { level: '1' });
    const xml = await twiml(t, page.path('/twilio/voice/page/digits'), { CallSid: callSid(), Digits: '2' });
    expect(t.fake.of('escalate').map((c) => c.args)).toEqual([[page.alertId, { name: 'Alice', userId: user.id }, 1, 'phone']]);
    expect(xml).toContain('Escalated to level 2. The next person is being paged now.');
  });

  it('pressing 3 resolves; an alert that already ended says so', async () => {
    const user = await alice();
    const page = await aPagedAlert(t, user);
    expect(await twiml(t, page.path('/twilio/voice/page/digits'), { CallSid: callSid(), Digits: '3' })).toContain('Resolved. Thank you.');
    expect(t.fake.of('resolve').map((c) => c.args)).toEqual([[page.alertId, { name: 'Alice', userId: user.id }, 'phone']]);
    t.fake.next.result = { ok: false, status: 'resolved', alreadyEnded: true, message: 'already resolved by Bob' };
    expect(await twiml(t, page.path('/twilio/voice/page/digits'), { CallSid: callSid(), Digits: '1' })).toContain('Nothing changed: already resolved by Bob.');
  });

  it('a wrong digit re-prompts and 9 repeats the alert, without touching it', async () => {
    const page = await aPagedAlert(t, await alice());
    const wrong = await twiml(t, page.path('/twilio/voice/page/digits'), { CallSid: callSid(), Digits: '7' });
    expect(wrong).toContain('<Say>Sorry, 7 is not an option.</Say><Say>Press 1 to acknowledge.');
    const again = await twiml(t, page.path('/twilio/voice/page/digits'), { CallSid: callSid(), Digits: '9' });
    expect(again).toContain('You are being paged.');
    expect(t.fake.calls).toEqual([]);
  });

  it('when Temporal is unreachable, asks the person to press again, and the next press acts', async () => {
    const page = await aPagedAlert(t, await alice());
    const params = { CallSid: callSid(), Digits: '1' };
    t.fake.next.error = new TemporalUnavailableError();
    expect(await twiml(t, page.path('/twilio/voice/page/digits'), params)).toContain('could not record your choice just now. Please try again.');
    delete t.fake.next.error;
    expect(await twiml(t, page.path('/twilio/voice/page/digits'), params)).toContain('Acknowledged.');
    expect(t.fake.of('acknowledge')).toHaveLength(2);
  });

  it('a page that no longer exists says so and hangs up', async () => {
    const xml = await twiml(t, '/twilio/voice/page?attempt=nope', { CallSid: callSid(), AnsweredBy: 'human' });
    expect(xml).toContain('This Nightline page is no longer available.');
  });
});

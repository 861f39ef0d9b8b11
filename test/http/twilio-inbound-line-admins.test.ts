import { Types } from 'mongoose';
import pino from 'pino';
import { createAlertRepository } from '../../src/db/alert.repository';
import { createPhoneLineCallRepository } from '../../src/db/phone-line-call.repository';
import { createPhoneLine, deletePhoneLine, type PhoneLine } from '../../src/db/phone-line.repository';
import { scheduleModel } from '../../src/db/schedule.model';
import type { User } from '../../src/db/user.repository';
import type { EscalationPolicySnapshot } from '../../src/domain/escalation.types';
import { createTwilioContext } from '../../src/http/twilio/context';
import { raiseCallAlert } from '../../src/http/twilio/inbound-line.service';
import { retryMissedCallAlerts } from '../../src/http/twilio/missed-call-sweeper';
import { TemporalUnavailableError } from '../../src/temporal/engine-errors';
import { aScheduleInDb, aUserInDb } from '../fixtures/alerting.builders';
import { buildTwilioApp, twiml } from './twilio-harness';

/** A voicemail always becomes an alert that pages someone: the admins when the line's own targets resolve to nobody. */
const ADMIN_EMAIL = 'ada.admin@example.com';
let t: Awaited<ReturnType<typeof buildTwilioApp>>;
let ada: User;
beforeAll(async () => {
  t = await buildTwilioApp({ ADMIN_PAGE_EMAILS: `nobody@example.com, ${ADMIN_EMAIL.toUpperCase()}` });
  ada = await aUserInDb(t.conn, { name: 'Ada Admin', email: ADMIN_EMAIL });
});
afterAll(async () => {
  await t?.close();
});
beforeEach(() => t.fake.reset());

let n = 0;
const CALLER = '+15553337777';
const aLine = (over: Partial<PhoneLine>) => createPhoneLine(t.conn, { number: `+1555777${String(++n).padStart(4, '0')}`, name: 'Acme', ...over });
function aCall(line: PhoneLine) {
  const CallSid = `CA${String(++n).padStart(32, '7')}`;
  const base = { CallSid, From: CALLER, To: line.number, Direction: 'inbound' };
  return {
    CallSid,
    start: () => twiml(t, '/twilio/voice/incoming', base),
    step: (path: string, extra: Record<string, string> = {}) => twiml(t, `/twilio/voice/incoming${path}${path.includes('?') ? '&' : '?'}line=${line.id}`, { ...base, ...extra }),
  };
}
const triggered = () => t.fake.of('trigger').map((c) => c.args[0] as { description: string; escalationPolicyId: string; policy: EscalationPolicySnapshot });
const timeline = async (callSid: string) => {
  const alertId = (await createPhoneLineCallRepository(t.conn).find(callSid))?.alertId ?? '';
  return (await createAlertRepository(t.conn).findById(alertId))?.timeline.map((e) => `${e.action}: ${e.details ?? ''}`) ?? [];
};

describe('a voicemail always becomes an alert', () => {
  it('when the line\'s escalation policy no longer exists, the voicemail pages the admins and the alert says so', async () => {
    const line = await aLine({ escalationPolicyId: new Types.ObjectId().toHexString() });
    const call = aCall(line);
    await call.start();
    expect(await call.step('/ring?hop=0')).toContain('<Record ');
    await call.step('/voicemail', { RecordingUrl: 'https://api.twilio.com/rec/RE9', RecordingDuration: '9' });
    const [alert] = triggered();
    expect(alert?.policy.levels[0]?.targets).toEqual([{ type: 'user', id: ada.id }]);
    expect(alert?.description).toContain("Nobody could be reached through this line's schedule or escalation policy: paging the admins (Ada Admin).");
    expect(await timeline(call.CallSid)).toContain("call_routed_to_admins: Nobody could be reached through this line's schedule or escalation policy: paging the admins (Ada Admin).");
  });

  it("when the line's schedule is gone, the admins are paged first and the line's own level stays behind them", async () => {
    const alice = await aUserInDb(t.conn, { name: 'Alice' });
    const schedule = await aScheduleInDb(t.conn, [alice.id]);
    const line = await aLine({ scheduleId: schedule.id });
    await scheduleModel(t.conn).deleteOne({ _id: schedule.id }); // removed behind the API's back (the API refuses with 409)
    const call = aCall(line);
    await call.start();
    await call.step('/ring?hop=0');
    await call.step('/no-message');
    const [alert] = triggered();
    expect(alert?.policy.levels.map((l) => l.targets)).toEqual([[{ type: 'user', id: ada.id }], [{ type: 'schedule', id: schedule.id }]]);
  });

  it('the sweeper raises the missed call of a line deleted since, paging the admins, and then stops', async () => {
    const line = await aLine({ escalationPolicyId: new Types.ObjectId().toHexString() });
    const call = aCall(line);
    await call.start();
    t.fake.next.error = new TemporalUnavailableError();
    await call.step('/voicemail', { RecordingUrl: 'https://api.twilio.com/rec/RE8', RecordingDuration: '4' });
    delete t.fake.next.error;
    await deletePhoneLine(t.conn, line.id);
    const ctx = createTwilioContext({ config: t.config, log: pino({ level: 'silent' }), conn: t.conn, engine: t.fake.engine });
    expect(await retryMissedCallAlerts(ctx)).toBe(1);
    expect(await retryMissedCallAlerts(ctx)).toBe(0);
    expect(triggered().at(-1)?.policy.levels[0]?.targets).toEqual([{ type: 'user', id: ada.id }]);
    expect(triggered().at(-1)?.description).toContain('paging the admins (Ada Admin)');
  });

  it('a line deleted while its caller waits: the final status callback still raises the missed call, to the admins', async () => {
    const alice = await aUserInDb(t.conn, { name: 'Alice' });
    const line = await aLine({ scheduleId: (await aScheduleInDb(t.conn, [alice.id])).id });
    const call = aCall(line);
    await call.start();
    await call.step('/ring?hop=0');
    await deletePhoneLine(t.conn, line.id);
    await call.step('/status', { CallStatus: 'completed', CallDuration: '12' });
    const [alert] = triggered();
    expect(alert?.policy.levels[0]?.targets).toEqual([{ type: 'user', id: ada.id }]);
    expect(alert?.description).toContain('paging the admins (Ada Admin)');
  });

  it('with no admin configured the alert is still raised, and it says nobody is paged', async () => {
    const line = await aLine({ escalationPolicyId: new Types.ObjectId().toHexString() });
    const call = aCall(line);
    await call.start();
    const ctx = createTwilioContext({ config: { ...t.config, ADMIN_PAGE_EMAILS: '' }, log: pino({ level: 'silent' }), conn: t.conn, engine: t.fake.engine });
    expect(await raiseCallAlert(ctx, line, call.CallSid)).toEqual(expect.any(String));
    expect(triggered()[0]?.description).toContain('no admin is configured (ADMIN_PAGE_EMAILS): nobody is paged');
  });
});

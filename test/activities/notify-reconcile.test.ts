import type { Connection } from 'mongoose';
import { createNotifyActivities } from '../../activities/notify.activities';
import type { NotifyRequest } from '../../activities/activity.types';
import { createNotificationAttemptRepository } from '../../src/db/notification-attempt.repository';
import type { TelephonyProvider } from '../../src/telephony/telephony';
import { closeTestDb, connectTestDb } from '../setup/mongo';
import { useTelephonyHarness } from '../telephony/harness';

/**
 * Delivery is at least once, reconciled: a `pending` attempt without a provider ID (the worker died between
 * claim and dial, or between dial and record) is checked against the provider (the Twilio simulator, through
 * the real SDK's list endpoints) before anyone is told it was placed.
 */
const h = useTelephonyHarness();
let conn: Connection;
beforeEach(async () => {
  conn = await connectTestDb('reconcile');
});
afterEach(async () => {
  await closeTestDb(conn);
});

const PHONE = '+15550007001';
const request = (over: Partial<NotifyRequest> = {}): NotifyRequest => ({
  key: 'r1:0:0:0:alice:phone_call',
  alertId: 'r1',
  round: 0,
  level: 0,
  attempt: 0,
  channel: 'phone_call',
  person: { id: 'alice', name: 'Alice', phone: PHONE },
  text: 'Nightline #r1 CRITICAL: DB down',
  ...over,
});
/** Leases run out at once here: the earlier holder is known dead. */
const quick = { leaseMs: 0, pollMs: 20, reconcileTimeoutMs: 2_000 };

function setup(telephony: TelephonyProvider = h.provider, timing: Partial<typeof quick> = quick) {
  const attempts = createNotificationAttemptRepository(conn);
  const activities = createNotifyActivities({ telephony, attempts, publicUrl: h.app.url(''), timing });
  return { attempts, activities };
}

/** What a worker that died right after claiming (before or after its dial reached Twilio) left behind. */
async function claimLikeACrashedWorker(attempts: ReturnType<typeof createNotificationAttemptRepository>, r: NotifyRequest) {
  await attempts.claim({ key: r.key, alertId: r.alertId, round: 0, level: '0', attempt: 0, userId: r.person.id, channel: r.channel, recipient: r.person.phone });
}
const callsTo = (to: string) => h.sim.records.calls.filter((c) => c.to === to && c.direction === 'outbound-api');
const textsTo = (to: string) => h.sim.records.messages.filter((m) => m.to === to && m.direction === 'outbound-api');

test('when the worker died between claim and dial, the retry finds no call at Twilio and dials', async () => {
  const { attempts, activities } = setup();
  const r = request();
  await claimLikeACrashedWorker(attempts, r);

  const result = await activities.placeCall(r);

  expect(result).toMatchObject({ outcome: 'redialled', status: 'initiated', reused: false });
  expect(callsTo(PHONE)).toHaveLength(1);
  expect(await attempts.findByKey(r.key)).toMatchObject({ status: 'initiated', providerId: callsTo(PHONE)[0]!.sid });
});

test('when the worker died after Twilio created the call, the retry adopts that call and does not dial again', async () => {
  const { attempts, activities } = setup();
  const r = request();
  await claimLikeACrashedWorker(attempts, r);
  const earlier = await h.provider.placeCall({ to: PHONE, url: h.app.url('/twilio/voice/page'), statusCallback: h.app.url('/twilio/voice/status') });

  const result = await activities.placeCall(r);

  expect(result).toMatchObject({ outcome: 'reconciled', providerId: earlier.sid, reused: true });
  expect(callsTo(PHONE)).toHaveLength(1);
  expect(await attempts.findByKey(r.key)).toMatchObject({ status: 'initiated', providerId: earlier.sid });
});

test('a call to the same number that another attempt already recorded is not mistaken for ours', async () => {
  const { attempts, activities } = setup();
  const other = await activities.placeCall(request({ key: 'r0:0:0:0:alice:phone_call', alertId: 'r0' }));
  const r = request();
  await claimLikeACrashedWorker(attempts, r);

  const result = await activities.placeCall(r);

  expect(result).toMatchObject({ outcome: 'redialled' });
  expect(result.providerId).not.toBe(other.providerId);
  expect(callsTo(PHONE)).toHaveLength(2);
});

test('a text left pending by a crash is reconciled against the Messages list the same way', async () => {
  const { attempts, activities } = setup();
  const r = request({ key: 'r1:0:0:0:alice:sms', channel: 'sms' });
  await claimLikeACrashedWorker(attempts, r);
  const earlier = await h.provider.sendSms({ to: PHONE, body: 'Nightline #r1', statusCallback: h.app.url('/twilio/sms/status') });

  expect(await activities.sendSms(r)).toMatchObject({ outcome: 'reconciled', providerId: earlier.sid, status: 'sent' });
  expect(textsTo(PHONE)).toHaveLength(1);
});

test('when Twilio cannot say within the bound whether the earlier try went out, the retry dials anyway', async () => {
  const hanging: TelephonyProvider = {
    placeCall: (req) => h.provider.placeCall(req),
    sendSms: (req) => h.provider.sendSms(req),
    hangUp: (sid) => h.provider.hangUp(sid),
    findRecent: () => new Promise(() => undefined),
  };
  const { attempts, activities } = setup(hanging, { ...quick, reconcileTimeoutMs: 300 });
  const r = request();
  await claimLikeACrashedWorker(attempts, r);

  const result = await activities.placeCall(r);

  expect(result).toMatchObject({ outcome: 'redialled' });
  expect(result.note).toMatch(/could not say/);
  expect(callsTo(PHONE)).toHaveLength(1);
});

test('a retry that arrives while the first try is still inside its dial lease waits for it instead of dialling twice', async () => {
  const { attempts, activities } = setup(h.provider, { leaseMs: 60_000, pollMs: 20 });
  const r = request();
  await claimLikeACrashedWorker(attempts, r); // the first try, still dialling
  const retry = activities.placeCall(r);
  await new Promise((res) => setTimeout(res, 200));
  const placed = await h.provider.placeCall({ to: PHONE, url: h.app.url('/p'), statusCallback: h.app.url('/s') });
  await attempts.markPlaced(r.key, placed.sid, 'initiated'); // ...and now it has finished

  expect(await retry).toMatchObject({ outcome: 'recorded', providerId: placed.sid, reused: true });
  expect(callsTo(PHONE)).toHaveLength(1);
});

test('a try that timed out at the client (Twilio answered too late) is reconciled before the retry dials', async () => {
  const { attempts, activities } = setup();
  const r = request();
  await claimLikeACrashedWorker(attempts, r);
  const late = await h.provider.placeCall({ to: PHONE, url: h.app.url('/p'), statusCallback: h.app.url('/s') });
  await attempts.markFailed(r.key, 'place call failed: timeout of 15000ms exceeded', true);

  expect(await activities.placeCall(r)).toMatchObject({ outcome: 'reconciled', providerId: late.sid });
  expect(callsTo(PHONE)).toHaveLength(1);
});

import { ApplicationFailure } from '@temporalio/common';
import type { Connection } from 'mongoose';
import { createNotifyActivities } from '../../activities/notify.activities';
import type { NotifyRequest } from '../../activities/activity.types';
import { createNotificationAttemptRepository } from '../../src/db/notification-attempt.repository';
import type { PlaceCallRequest, SendSmsRequest } from '../../src/telephony/telephony';
import { closeTestDb, connectTestDb } from '../setup/mongo';
import { fakeTelephony } from '../fixtures/escalation.fixtures';

let conn: Connection;
beforeEach(async () => {
  conn = await connectTestDb('notify');
});
afterEach(async () => {
  await closeTestDb(conn);
});

const request = (over: Partial<NotifyRequest> = {}): NotifyRequest => ({
  key: 'a1:0:0:0:alice:phone_call',
  alertId: 'a1',
  round: 0,
  level: 0,
  attempt: 0,
  channel: 'phone_call',
  person: { id: 'alice', name: 'Alice', phone: '+15550001111' },
  text: 'Nightline #a1 CRITICAL: DB down',
  ...over,
});

function setup() {
  const telephony = fakeTelephony();
  const attempts = createNotificationAttemptRepository(conn);
  const activities = createNotifyActivities({ telephony: telephony.provider, attempts, publicUrl: 'https://pager.example.com', timing: { pollMs: 50 } });
  return { telephony, attempts, activities };
}

test('a retried call with the same key dials once and returns the first record', async () => {
  const { telephony, attempts, activities } = setup();
  const first = await activities.placeCall(request());
  const retry = await activities.placeCall(request());
  expect(telephony.dials).toHaveLength(1);
  expect(first).toMatchObject({ status: 'initiated', reused: false });
  expect(retry).toMatchObject({ status: 'initiated', reused: true, providerId: first.providerId });
  expect(await attempts.findByKey(request().key)).toMatchObject({ status: 'initiated', recipient: '+15550001111', providerId: first.providerId });
});

test("the attempt records the person as paged, so the page's webhooks can greet them without a lookup", async () => {
  const { attempts, activities } = setup();
  await activities.placeCall(request({ person: { id: 'alice', name: 'Alice', phone: '+15550001111', timezone: 'Europe/Berlin' } }));
  expect(await attempts.findByKey(request().key)).toMatchObject({ personName: 'Alice', personZone: 'Europe/Berlin' });
  // A page from a workflow that started before the zone was carried records the name only.
  const old = request({ key: 'a2:0:0:0:alice:phone_call', alertId: 'a2' });
  await activities.placeCall(old);
  const doc = await attempts.findByKey(old.key);
  expect([doc?.personName, doc?.personZone]).toEqual(['Alice', undefined]);
});

test('two workers running the same step at once dial once between them', async () => {
  const { telephony, activities } = setup();
  const results = await Promise.all([1, 2, 3].map(() => activities.placeCall(request())));
  expect(telephony.dials).toHaveLength(1);
  expect(results.filter((r) => !r.reused)).toHaveLength(1);
});

test('the call points Twilio at the page and status webhooks for this attempt, with answering-machine detection', async () => {
  const seen: PlaceCallRequest[] = [];
  const texts: SendSmsRequest[] = [];
  const telephony = fakeTelephony();
  const provider = {
    ...telephony.provider,
    placeCall: async (req: PlaceCallRequest) => (seen.push(req), telephony.provider.placeCall(req)),
    sendSms: async (req: SendSmsRequest) => (texts.push(req), telephony.provider.sendSms(req)),
  };
  const activities = createNotifyActivities({ telephony: provider, attempts: createNotificationAttemptRepository(conn), publicUrl: 'https://pager.example.com' });
  await activities.placeCall(request());
  await activities.sendSms(request({ key: 'a1:0:0:0:alice:sms', channel: 'sms' }));
  const key = encodeURIComponent('a1:0:0:0:alice:phone_call');
  expect(seen[0]).toMatchObject({
    to: '+15550001111',
    url: `https://pager.example.com/twilio/voice/page?attempt=${key}`,
    statusCallback: `https://pager.example.com/twilio/voice/status?attempt=${key}`,
    machineDetection: 'Enable',
  });
  expect(texts[0]).toMatchObject({
    body: 'Nightline #a1 CRITICAL: DB down',
    statusCallback: `https://pager.example.com/twilio/sms/status?attempt=${encodeURIComponent('a1:0:0:0:alice:sms')}`,
  });
});

test('a permanent refusal (invalid number) is non-retryable, recorded, and never dialled on a retry', async () => {
  const { telephony, attempts, activities } = setup();
  telephony.failNext('permanent');
  const err = await activities.placeCall(request()).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ApplicationFailure);
  expect((err as ApplicationFailure).nonRetryable).toBe(true);
  expect(await attempts.findByKey(request().key)).toMatchObject({ status: 'failed', error: 'simulated permanent failure' });
  const again = await activities.placeCall(request()).catch((e: unknown) => e);
  expect((again as ApplicationFailure).nonRetryable).toBe(true);
  expect(telephony.dials).toHaveLength(0);
});

test('a transient refusal is retryable, and the retry dials', async () => {
  const { telephony, attempts, activities } = setup();
  telephony.failNext('transient');
  const err = await activities.sendSms(request({ channel: 'sms', key: 'a1:0:0:0:alice:sms' })).catch((e: unknown) => e);
  expect(err).not.toBeInstanceOf(ApplicationFailure);
  expect(await attempts.findByKey('a1:0:0:0:alice:sms')).toMatchObject({ status: 'retryable' });
  expect(await activities.sendSms(request({ channel: 'sms', key: 'a1:0:0:0:alice:sms' }))).toMatchObject({ status: 'sent', reused: false });
  expect(telephony.dials).toHaveLength(1);
});

test('a person without a phone number fails for good without a record', async () => {
  const { telephony, activities } = setup();
  const err = await activities.placeCall(request({ person: { id: 'x', name: 'X', phone: '' } })).catch((e: unknown) => e);
  expect((err as ApplicationFailure).nonRetryable).toBe(true);
  expect(telephony.dials).toHaveLength(0);
});

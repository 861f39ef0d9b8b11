import { randomUUID } from 'node:crypto';
import { activityInfo } from '@temporalio/activity';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DateTime } from 'luxon';
import type { Connection } from 'mongoose';
import { createNoticeStore } from '../../src/db/notice-store';
import { createOverrides } from '../../src/db/schedule-override.repository';
import { createSchedule, replaceSchedule, type ScheduleInput } from '../../src/db/schedule.repository';
import { createUser, updateUser } from '../../src/db/user.repository';
import { createNoticePlanner } from '../../src/temporal/notice-planner';
import { startWorkers } from '../../src/temporal/worker';
import type { SendSmsRequest, TelephonyProvider } from '../../src/telephony/telephony';
import { noticeWorkflowId } from '../../workflows/notices.messages';
import { memoryAlertRepository, memoryAttemptRepository, memoryDirectory } from '../fixtures/escalation.fixtures';
import { warmUpDatabase } from '../fixtures/stack-warmup';
import { closeTestDb, connectTestDb } from '../setup/mongo';
import { createTimeSkippingEnv } from '../setup/temporal';
import { workflowBundle } from './escalation.harness';

jest.setTimeout(240_000);

const ZONE = 'America/Chicago';
const chi = (local: string) => DateTime.fromISO(local, { zone: ZONE }).toMillis();
const show = (ms: number) => DateTime.fromMillis(ms, { zone: ZONE }).toFormat("LLL d HH:mm ZZZZ");

/** Records every SMS with the (time-skipped) server time at which its activity was scheduled. */
function recordingTelephony() {
  const sms: Array<SendSmsRequest & { atMs: number }> = [];
  let seq = 0;
  const provider: TelephonyProvider = {
    async sendSms(req) {
      sms.push({ ...req, atMs: activityInfo().scheduledTimestampMs });
      return { sid: `SM${++seq}`, status: 'queued' };
    },
    async placeCall() {
      throw new Error('shift notices never ring anyone');
    },
    async findRecent() {
      return [];
    },
    async hangUp(sid) {
      return { sid, status: 'completed' };
    },
  };
  return { provider, sms };
}

let env: TestWorkflowEnvironment;
let conn: Connection;

beforeAll(async () => {
  [env, conn] = await Promise.all([createTimeSkippingEnv(), connectTestDb('notices')]);
  await warmUpDatabase(conn);
  await workflowBundle();
});

afterAll(async () => {
  await env?.teardown();
  if (conn) await closeTestDb(conn);
});

function startNoticeWorkers(taskQueue: string, telephony: TelephonyProvider) {
  const config = { TEMPORAL_ADDRESS: 'unused', TEMPORAL_NAMESPACE: 'default', TEMPORAL_TASK_QUEUE: taskQueue, TWILIO_CALLS_PER_SECOND: 1000, TWILIO_SMS_PER_SECOND: 1000 };
  const deps = {
    directory: memoryDirectory([]),
    telephony,
    alerts: memoryAlertRepository(),
    attempts: memoryAttemptRepository(),
    publicUrl: 'https://nightline.test',
    notices: { store: createNoticeStore(conn) },
  };
  return workflowBundle().then((bundle) => startWorkers(config, deps, { connection: env.nativeConnection, workflowBundle: bundle, maxCachedWorkflows: 0 }));
}

const skipTo = async (ms: number) => env.sleep(Math.max(0, ms - (await env.currentTimeMs())));

let tagSeq = 0;
async function people() {
  const tag = `${randomUUID().slice(0, 8)}${tagSeq++}`;
  const user = (name: string, phone: string, reminderHours: number) =>
    createUser(conn, { name, email: `${name.toLowerCase()}-${tag}@msp.test`, phone: `${phone}${tagSeq}`, noticePrefs: { channels: ['sms'], reminderHours } });
  const alice = await user('Alice', '+1555000100', 12);
  const bob = await user('Bob', '+1555000200', 0);
  const carol = await user('Carol', '+1555000300', 0);
  const who = new Map([
    [alice.phone, 'alice'],
    [bob.phone, 'bob'],
    [carol.phone, 'carol'],
  ]);
  return { tag, alice, bob, carol, who };
}

/** "<local time> <who>: <text>", in time order (same minute: by name). */
function lines(sms: Array<SendSmsRequest & { atMs: number }>, who: Map<string, string>) {
  const minute = (ms: number) => Math.floor(ms / 60_000);
  return [...sms]
    .sort((a, b) => minute(a.atMs) - minute(b.atMs) || (who.get(a.to)! < who.get(b.to)! ? -1 : 1))
    .map((s) => `${show(s.atMs)} ${who.get(s.to)}: ${s.body}`);
}

const ended = (next: string) => `Your on-call shift has ended. ${next} is now on-call.`;
const started = 'You are now on-call for Platform.';

test('two months of weekly handoffs in America/Chicago, across the spring DST change, an override, a swap and an edit: each person is told once at each handoff, through a worker restart', async () => {
  const { tag, alice, bob, carol, who } = await people();
  const definition: ScheduleInput = {
    name: 'Platform',
    timezone: ZONE,
    rotationType: 'weekly',
    handoffTime: '09:00',
    startDate: '2027-02-22',
    members: [{ userId: alice.id }, { userId: bob.id }],
  };
  const schedule = await createSchedule(conn, definition);
  await createOverrides(conn, schedule.id, [
    { userId: carol.id, replacesUserId: bob.id, startsAt: new Date(chi('2027-03-17T18:00')), endsAt: new Date(chi('2027-03-18T09:00')) },
  ]);

  const taskQueue = `notices-${tag}`;
  const telephony = recordingTelephony();
  let workers = await startNoticeWorkers(taskQueue, telephony.provider);
  const planner = createNoticePlanner({ client: env.client, taskQueue });
  try {
    await planner.replan(schedule.id);

    // In the middle: the handoff moves to 10:00, and Alice and Bob swap their late-March weeks.
    await skipTo(chi('2027-03-03T12:00'));
    await replaceSchedule(conn, schedule.id, { ...definition, handoffTime: '10:00' });
    await planner.replan(schedule.id);
    await createOverrides(
      conn,
      schedule.id,
      [
        { userId: bob.id, replacesUserId: alice.id, startsAt: new Date(chi('2027-03-22T10:00')), endsAt: new Date(chi('2027-03-29T10:00')) },
        { userId: alice.id, replacesUserId: bob.id, startsAt: new Date(chi('2027-03-29T10:00')), endsAt: new Date(chi('2027-04-05T10:00')) },
      ],
      `swap-${tag}`,
    );
    await planner.replan(schedule.id);

    await skipTo(chi('2027-03-20T12:00'));
    await workers.shutdown();
    workers = await startNoticeWorkers(taskQueue, telephony.provider);

    await skipTo(chi('2027-04-20T00:00'));
  } finally {
    await env.client.workflow.getHandle(noticeWorkflowId(schedule.id)).terminate('test over').catch(() => undefined);
    await workers.shutdown();
  }

  const sent = lines(telephony.sms, who);
  expect(sent.filter((line) => !line.includes('shifts for Platform changed'))).toEqual([
    `Feb 21 21:00 CST alice: Reminder: your on-call shift for Platform starts in 12 hours, at Mon 22 Feb 09:00 CST.`,
    `Feb 22 09:00 CST alice: ${started}`,
    `Mar 1 09:00 CST alice: ${ended('Bob')}`,
    `Mar 1 09:00 CST bob: ${started}`,
    `Mar 7 22:00 CST alice: Reminder: your on-call shift for Platform starts in 12 hours, at Mon 8 Mar 10:00 CST.`,
    `Mar 8 10:00 CST alice: ${started}`,
    `Mar 8 10:00 CST bob: ${ended('Alice')}`,
    `Mar 15 10:00 CDT alice: ${ended('Bob')}`,
    `Mar 15 10:00 CDT bob: ${started}`,
    `Mar 17 18:00 CDT bob: ${ended('Carol')}`,
    `Mar 17 18:00 CDT carol: ${started}`,
    `Mar 18 09:00 CDT bob: ${started}`,
    `Mar 18 09:00 CDT carol: ${ended('Bob')}`,
    `Mar 28 22:00 CDT alice: Reminder: your on-call shift for Platform starts in 12 hours, at Mon 29 Mar 10:00 CDT.`,
    `Mar 29 10:00 CDT alice: ${started}`,
    `Mar 29 10:00 CDT bob: ${ended('Alice')}`,
    `Apr 12 10:00 CDT alice: ${ended('Bob')}`,
    `Apr 12 10:00 CDT bob: ${started}`,
    `Apr 18 22:00 CDT alice: Reminder: your on-call shift for Platform starts in 12 hours, at Mon 19 Apr 10:00 CDT.`,
    `Apr 19 10:00 CDT alice: ${started}`,
    `Apr 19 10:00 CDT bob: ${ended('Alice')}`,
  ]);
  // The edit moved both people's shifts within the next 14 days: each is told once, right away.
  const changes = sent.filter((line) => line.includes('shifts for Platform changed'));
  expect(changes.map((l) => l.split(':').slice(0, 2).join(':'))).toEqual(['Mar 3 12:00 CST alice', 'Mar 3 12:00 CST bob']);
  expect(changes[1]).toContain('Now on call: Wed 3 Mar 12:00–Mon 8 Mar 10:00');
  // Every notice has its send-once record, marked sent.
  const records = await createNoticeStore(conn).deliveries({ scheduleId: schedule.id });
  expect(records).toHaveLength(sent.length);
  expect(records.every((r) => r.status === 'sent')).toBe(true);
});

test('across the autumn DST change the handoff stays at 09:00 local time, and a person who turned handoff notices off gets none', async () => {
  const { tag, alice, bob, who } = await people();
  const schedule = await createSchedule(conn, {
    name: 'Platform',
    timezone: ZONE,
    rotationType: 'weekly',
    handoffTime: '09:00',
    startDate: '2027-10-25',
    members: [{ userId: alice.id }, { userId: bob.id }],
  });
  await updateUser(conn, alice.id, { noticePrefs: { handoffs: false } });
  const taskQueue = `notices-${tag}`;
  const telephony = recordingTelephony();
  const workers = await startNoticeWorkers(taskQueue, telephony.provider);
  try {
    await createNoticePlanner({ client: env.client, taskQueue }).replan(schedule.id);
    await skipTo(chi('2027-11-16T00:00'));
  } finally {
    await env.client.workflow.getHandle(noticeWorkflowId(schedule.id)).terminate('test over').catch(() => undefined);
    await workers.shutdown();
  }
  expect(lines(telephony.sms, who)).toEqual([
    `Oct 24 21:00 CDT alice: Reminder: your on-call shift for Platform starts in 12 hours, at Mon 25 Oct 09:00 CDT.`,
    `Nov 1 09:00 CDT bob: ${started}`,
    `Nov 7 21:00 CST alice: Reminder: your on-call shift for Platform starts in 12 hours, at Mon 8 Nov 09:00 CST.`,
    `Nov 8 09:00 CST bob: ${ended('Alice')}`,
    `Nov 15 09:00 CST bob: ${started}`,
  ]);
});

test("a handoff notice that falls in the person's quiet hours waits until they end; the other person is told on time", async () => {
  const { tag, alice, bob, who } = await people();
  await updateUser(conn, alice.id, {
    timezone: ZONE,
    notificationPrefs: { channels: ['sms'], quietHours: { start: '22:00', end: '07:00' } },
    noticePrefs: { reminders: false },
  });
  const schedule = await createSchedule(conn, {
    name: 'Platform',
    timezone: ZONE,
    rotationType: 'weekly',
    handoffTime: '06:00',
    startDate: '2027-12-06',
    members: [{ userId: alice.id }, { userId: bob.id }],
  });
  const taskQueue = `notices-${tag}`;
  const telephony = recordingTelephony();
  const workers = await startNoticeWorkers(taskQueue, telephony.provider);
  try {
    await skipTo(chi('2027-12-05T12:00'));
    await createNoticePlanner({ client: env.client, taskQueue }).replan(schedule.id);
    await skipTo(chi('2027-12-14T12:00'));
  } finally {
    await env.client.workflow.getHandle(noticeWorkflowId(schedule.id)).terminate('test over').catch(() => undefined);
    await workers.shutdown();
  }
  expect(lines(telephony.sms, who)).toEqual([
    `Dec 6 07:00 CST alice: ${started}`,
    `Dec 13 06:00 CST bob: ${started}`,
    `Dec 13 07:00 CST alice: ${ended('Bob')}`,
  ]);
});

import { randomBytes } from 'node:crypto';
import { activityInfo } from '@temporalio/activity';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DateTime } from 'luxon';
import { Types, type Connection } from 'mongoose';
import { HttpWebhookSender } from '../../src/channels/http-webhook.sender';
import { SlackWebProvider } from '../../src/channels/slack-web.provider';
import { startSlackStandIn, type SlackStandIn } from '../../src/channels/slack-standin/slack-standin';
import { SmtpEmailProvider } from '../../src/channels/smtp-email.provider';
import { loadDebrief } from '../../src/db/debrief.repository';
import { membershipModel, teamModel, teamResourceModel } from '../../src/db/identity/team.model';
import { createNoticeStore } from '../../src/db/notice-store';
import { phoneLineCallModel } from '../../src/db/phone-line-call.model';
import { createUser } from '../../src/db/user.repository';
import { debriefText } from '../../src/domain/debrief';
import { createNoticePlanner } from '../../src/temporal/notice-planner';
import { startWorkers } from '../../src/temporal/worker';
import { channelNoticeSender, type NoticeSender } from '../../activities/notice-sender';
import { teamDebriefWorkflowId } from '../../workflows/notices.messages';
import { memoryAlertRepository, memoryAttemptRepository, memoryDirectory } from '../fixtures/escalation.fixtures';
import { mailpitSmtpUrl, messagesTo, waitForEmailTo } from '../fixtures/mailpit';
import { warmUpDatabase } from '../fixtures/stack-warmup';
import { closeTestDb, connectTestDb } from '../setup/mongo';
import { createTimeSkippingEnv } from '../setup/temporal';
import { workflowBundle } from './escalation.harness';

jest.setTimeout(240_000);

const ZONE = 'America/Chicago';
const chi = (local: string) => DateTime.fromISO(local, { zone: ZONE }).toMillis();
const show = (ms: number) => DateTime.fromMillis(ms, { zone: ZONE }).toFormat('LLL d HH:mm ZZZZ');
const SLACK_TOKEN = 'xoxb-team-debrief-0123456789';

let env: TestWorkflowEnvironment;
let conn: Connection;
let slack: SlackStandIn;
let email: SmtpEmailProvider;

beforeAll(async () => {
  [env, conn, slack] = await Promise.all([
    createTimeSkippingEnv(),
    connectTestDb('team-debrief'),
    startSlackStandIn({ botToken: SLACK_TOKEN, signingSecret: 'team-debrief-signing-secret' }),
  ]);
  email = new SmtpEmailProvider({ url: mailpitSmtpUrl(), from: 'Nightline <debrief@nightline.test>' });
  await warmUpDatabase(conn);
  await workflowBundle();
});

afterAll(async () => {
  email?.close();
  await slack?.stop();
  await env?.teardown();
  if (conn) await closeTestDb(conn);
});

/** The real sender (Mailpit and the Slack stand-in), noting the skipped-to server time of each send. */
function recordingSender() {
  const real = channelNoticeSender(
    { sendSms: () => Promise.reject(new Error('no texts here')) } as never,
    { email, slack: new SlackWebProvider({ token: SLACK_TOKEN, apiUrl: slack.apiUrl }), webhook: new HttpWebhookSender() },
  );
  const sent: string[] = [];
  const sender: NoticeSender = {
    async send(channel, to, text, subject) {
      const r = await real.send(channel, to, text, subject);
      if (r) sent.push(`${show(activityInfo().scheduledTimestampMs)} ${to.name} ${channel}: ${text.split('\n')[0]}`);
      return r;
    },
  };
  return { sender, sent };
}

function startDebriefWorkers(taskQueue: string, sender: NoticeSender) {
  const config = { TEMPORAL_ADDRESS: 'unused', TEMPORAL_NAMESPACE: 'default', TEMPORAL_TASK_QUEUE: taskQueue, TWILIO_CALLS_PER_SECOND: 1000, TWILIO_SMS_PER_SECOND: 1000 };
  const deps = {
    directory: memoryDirectory([]),
    telephony: { sendSms: () => Promise.reject(new Error('no texts here')) } as never,
    alerts: memoryAlertRepository(),
    attempts: memoryAttemptRepository(),
    publicUrl: 'https://nightline.test',
    notices: { store: createNoticeStore(conn), sender, debriefText: async (q: Parameters<typeof loadDebrief>[1]) => debriefText(await loadDebrief(conn, q)) },
  };
  return workflowBundle().then((bundle) => startWorkers(config, deps, { connection: env.nativeConnection, workflowBundle: bundle, maxCachedWorkflows: 0 }));
}

const skipTo = async (ms: number) => env.sleep(Math.max(0, ms - (await env.currentTimeMs())));

async function aTeamOfThree() {
  const tag = randomBytes(4).toString('hex');
  const person = (name: string, n: number, more: Partial<Parameters<typeof createUser>[1]> = {}) =>
    createUser(conn, { name, email: `${name.toLowerCase()}-${tag}@debrief.test`, phone: `+1555${tag.replace(/\D/g, '').padEnd(5, '0').slice(0, 5)}${n}0`, ...more });
  // Alice reads it by email and Slack; Bob opted out; Carol sleeps until 09:00 and reads email only.
  const alice = await person('Alice', 1, { noticePrefs: { channels: ['sms'], topicChannels: { debrief: ['email', 'slack'] } } });
  const bob = await person('Bob', 2, { noticePrefs: { debrief: false } });
  const carol = await person('Carol', 3, { timezone: ZONE, notificationPrefs: { channels: ['email'], quietHours: { start: '22:00', end: '09:00' } } });
  slack.addUser({ id: `UALICE${tag.toUpperCase()}`, email: alice.email, name: 'Alice' });
  const team = await teamModel(conn).create({ name: `Platform ${tag}`, isDefault: false, debrief: { enabled: true, time: '07:30', timezone: ZONE } });
  const teamId = String(team._id);
  await membershipModel(conn).insertMany([alice, bob, carol].map((u) => ({ userId: u.id, teamId, role: 'responder' })));
  return { tag, teamId, alice, bob, carol, aliceDm: `DALICE${tag.toUpperCase()}` };
}

/** An after-hours call to a phone line, as the debrief reads it. */
async function aNightCall(at: number, said: string, teamId: string | null) {
  const lineId = new Types.ObjectId().toHexString();
  if (teamId) await teamResourceModel(conn).create({ kind: 'phone-line', resourceId: lineId, teamId });
  await phoneLineCallModel(conn).collection.insertOne({
    callSid: `CA${new Types.ObjectId().toHexString()}`,
    lineId,
    from: '+15557771111',
    to: '+15550009999',
    emergency: true,
    reasonRecordingUrl: null,
    recordingUrl: null,
    recordingDuration: null,
    transcription: said,
    reachedName: 'Alice',
    hops: [{ key: 'ring:0', action: 'call_ringing', details: 'ringing Alice (+15550001111)', at: new Date(at) }],
    alertClaimed: false,
    alertClaimedAt: null,
    alertDue: false,
    alertId: null,
    createdAt: new Date(at),
    updatedAt: new Date(at),
  });
}

test("each morning at the team's local time the team's debrief goes out once to each member who wants it, by email and Slack; quiet hours hold it; a worker restart and a re-plan send nothing twice; a new time applies the next morning", async () => {
  const { tag, teamId, alice, carol, aliceDm } = await aTeamOfThree();
  await aNightCall(chi('2027-12-20T23:10'), 'the VPN has been down for 20 minutes', teamId);
  await aNightCall(chi('2027-12-21T01:00'), "another team's line: not in this debrief", null);
  const taskQueue = `debrief-${tag}`;
  const { sender, sent } = recordingSender();
  let workers = await startDebriefWorkers(taskQueue, sender);
  const planner = createNoticePlanner({ client: env.client, taskQueue });
  try {
    await skipTo(chi('2027-12-20T12:00'));
    await planner.replanTeamDebrief(teamId);
    await skipTo(chi('2027-12-21T08:00'));
    // After Alice's first debrief: a worker restart and a re-plan must not send it again.
    await workers.shutdown();
    workers = await startDebriefWorkers(taskQueue, sender);
    await planner.replanTeamDebrief(teamId);
    await skipTo(chi('2027-12-21T12:00'));
    // The team moves its debrief to 06:45: it applies from the next morning.
    await teamModel(conn).updateOne({ _id: teamId }, { $set: { 'debrief.time': '06:45' } });
    await planner.replanTeamDebrief(teamId);
    await skipTo(chi('2027-12-22T12:00'));
  } finally {
    await env.client.workflow.getHandle(teamDebriefWorkflowId(teamId)).terminate('test over').catch(() => undefined);
    await workers.shutdown();
  }
  expect(sent).toEqual([
    'Dec 21 07:30 CST Alice email: Night of 2027-12-21: 1 call(s), 0 alert(s).',
    'Dec 21 07:30 CST Alice slack: Night of 2027-12-21: 1 call(s), 0 alert(s).',
    'Dec 21 09:00 CST Carol email: Night of 2027-12-21: 1 call(s), 0 alert(s).',
    'Dec 22 06:45 CST Alice email: Night of 2027-12-22: 0 call(s), 0 alert(s).',
    'Dec 22 06:45 CST Alice slack: Night of 2027-12-22: 0 call(s), 0 alert(s).',
    'Dec 22 09:00 CST Carol email: Night of 2027-12-22: 0 call(s), 0 alert(s).',
  ]);
  // What arrived: Mailpit has both mornings for Alice and Carol, with the night's call in the first one.
  const latest = await waitForEmailTo(carol.email);
  expect(latest.Subject).toBe('Morning debrief');
  expect(latest.Text).toContain('Night of 2027-12-22');
  expect(await messagesTo(alice.email)).toHaveLength(2);
  const mails = await messagesTo(carol.email);
  expect(mails).toHaveLength(2);
  const dms = slack.messagesIn(aliceDm);
  expect(dms).toHaveLength(2);
  expect(dms[0]?.text).toContain('Morning debrief');
  expect(dms[0]?.text).toContain('call from +15557771111: "the VPN has been down for 20 minutes" — rang Alice; Alice answered.');
  expect(dms[0]?.text).not.toContain("another team's line");
  const records = await createNoticeStore(conn).deliveries({ scheduleId: `team:${teamId}` });
  expect(records.map((r) => r.key).sort()).toEqual(
    [
      `notice:debrief:team:${teamId}:2027-12-21:${alice.id}:email`,
      `notice:debrief:team:${teamId}:2027-12-21:${alice.id}:slack`,
      `notice:debrief:team:${teamId}:2027-12-21:${carol.id}:email`,
      `notice:debrief:team:${teamId}:2027-12-22:${alice.id}:email`,
      `notice:debrief:team:${teamId}:2027-12-22:${alice.id}:slack`,
      `notice:debrief:team:${teamId}:2027-12-22:${carol.id}:email`,
    ].sort(),
  );
});

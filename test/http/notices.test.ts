import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import request from 'supertest';
import { createNoticePlanner } from '../../src/temporal/notice-planner';
import { noticeWorkflowId } from '../../workflows/notices.messages';
import { buildTestApp, type TestApp } from '../fixtures/app';
import { eventually } from '../fixtures/alerting.builders';
import { aSchedule, aUser, type Api } from '../fixtures/builders';
import { createDevServerEnv } from '../setup/temporal';

let t: TestApp;
let env: TestWorkflowEnvironment;
let api: Api;
const taskQueue = `notices-http-${randomUUID()}`;
const started: string[] = [];

beforeAll(async () => {
  env = await createDevServerEnv();
  t = await buildTestApp({ deps: { noticePlanner: createNoticePlanner({ client: env.client, taskQueue }) } });
  api = { app: t.app, token: t.token };
});
afterAll(async () => {
  // No worker polls this task queue: end the workflows the edits started.
  await Promise.all(started.map((id) => env.client.workflow.getHandle(id).terminate('test over').catch(() => undefined)));
  await t.close();
  await env.teardown();
});

const auth = () => ({ Authorization: `Bearer ${t.token}` });

/** The signal goes out once the response has finished: poll the history briefly. */
const expectSignals = (workflowId: string, n: number) => eventually(async () => expect(await replanSignals(workflowId)).toBe(n), 10_000);

async function replanSignals(workflowId: string): Promise<number> {
  const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? []).filter((e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'replanNotices').length;
}

describe('notice preferences', () => {
  it('a new user gets every notice by default, on their paging channels except calls, with a 12-hour reminder', async () => {
    const user = await aUser(api, { notificationPrefs: { channels: ['phone_call', 'sms'] } });
    const res = await request(t.app).get(`/api/v1/users/${user.id}`).set(auth());
    expect(res.body.noticePrefs).toEqual({ handoffs: true, reminders: true, changes: true, debrief: true, reminderHours: 12, channels: ['sms'] });
  });

  it('a user turns reminders off with 0 hours and picks email for notices, keeping the other choices', async () => {
    const user = await aUser(api);
    await request(t.app).patch(`/api/v1/users/${user.id}`).set(auth()).send({ noticePrefs: { debrief: false } }).expect(200);
    const res = await request(t.app).patch(`/api/v1/users/${user.id}`).set(auth()).send({ noticePrefs: { reminderHours: 0, channels: ['email'] } });
    expect(res.status).toBe(200);
    expect(res.body.noticePrefs).toEqual({ handoffs: true, reminders: true, changes: true, debrief: false, reminderHours: 0, channels: ['email'] });
  });

  it('a reminder lead beyond a week, or an unknown channel, is refused with a 400 naming the field', async () => {
    const user = await aUser(api);
    for (const noticePrefs of [{ reminderHours: 200 }, { channels: ['pigeon'] }]) {
      const res = await request(t.app).patch(`/api/v1/users/${user.id}`).set(auth()).send({ noticePrefs });
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body.error.details)).toContain('noticePrefs');
    }
  });
});

describe('re-planning after schedule edits', () => {
  it('creating a schedule starts its notice workflow, and adding an override wakes it to plan again', async () => {
    const schedule = await aSchedule(api);
    const workflowId = noticeWorkflowId(schedule.id);
    started.push(workflowId);
    await expectSignals(workflowId, 1);
    const users = await request(t.app).get('/api/v1/users').set(auth());
    const someone = users.body.data[0].id as string;
    await request(t.app)
      .post(`/api/v1/schedules/${schedule.id}/overrides`)
      .set(auth())
      .send({ userId: someone, startsAt: '2030-01-01T00:00:00Z', endsAt: '2030-01-02T00:00:00Z' })
      .expect(201);
    await expectSignals(workflowId, 2);
  });

  it('a refused edit does not wake the workflow', async () => {
    const schedule = await aSchedule(api);
    const workflowId = noticeWorkflowId(schedule.id);
    started.push(workflowId);
    await expectSignals(workflowId, 1);
    await request(t.app).patch(`/api/v1/schedules/${schedule.id}`).set(auth()).send({ timezone: 'Mars/Olympus' }).expect(400);
    // A later, accepted edit is the second signal: had the refused one signalled, there would be three.
    await request(t.app).patch(`/api/v1/schedules/${schedule.id}`).set(auth()).send({ handoffTime: '10:00' }).expect(200);
    await expectSignals(workflowId, 2);
  });
});

import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import request from 'supertest';
import { createNoticePlanner } from '../../src/temporal/notice-planner';
import { noticeWorkflowId, teamDebriefWorkflowId } from '../../workflows/notices.messages';
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

async function replanSignals(workflowId: string, signalName = 'replanNotices'): Promise<number> {
  const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? []).filter((e) => e.workflowExecutionSignaledEventAttributes?.signalName === signalName).length;
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

  it('a user takes the debrief by email and Slack while every other notice stays on SMS', async () => {
    const user = await aUser(api, { notificationPrefs: { channels: ['phone_call', 'sms'] } });
    const res = await request(t.app)
      .patch(`/api/v1/users/${user.id}`)
      .set(auth())
      .send({ noticePrefs: { topicChannels: { debrief: ['email', 'slack'] } } });
    expect(res.status).toBe(200);
    expect(res.body.noticePrefs).toEqual({
      handoffs: true,
      reminders: true,
      changes: true,
      debrief: true,
      reminderHours: 12,
      channels: ['sms'],
      topicChannels: { debrief: ['email', 'slack'] },
    });
    // A second topic's choice keeps the first.
    const more = await request(t.app).patch(`/api/v1/users/${user.id}`).set(auth()).send({ noticePrefs: { topicChannels: { reminders: ['email'] } } });
    expect(more.body.noticePrefs.topicChannels).toEqual({ reminders: ['email'], debrief: ['email', 'slack'] });
    const bad = await request(t.app).patch(`/api/v1/users/${user.id}`).set(auth()).send({ noticePrefs: { topicChannels: { debrief: ['fax'] } } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error.details)).toContain('topicChannels');
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

describe('the team debrief time', () => {
  const newTeam = async () => {
    const res = await request(t.app).post('/api/v1/teams').set(auth()).send({ name: `Platform ${randomUUID().slice(0, 8)}` }).expect(201);
    const id = res.body.id as string;
    started.push(teamDebriefWorkflowId(id));
    return id;
  };

  it('a new team gets its debrief at 08:00 UTC by default, and its debrief workflow starts', async () => {
    const id = await newTeam();
    const res = await request(t.app).get(`/api/v1/teams/${id}/debrief`).set(auth());
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ teamId: id, enabled: true, time: '08:00', timezone: 'UTC' });
    expect(res.body.nextAt).toMatch(/T08:00:00\.000Z$/);
    await eventually(async () => expect(await replanSignals(teamDebriefWorkflowId(id), 'replanDebrief')).toBe(1), 10_000);
  });

  it('a team moves its debrief to 07:30 Chicago time, and the workflow is woken to plan again', async () => {
    const id = await newTeam();
    const res = await request(t.app).put(`/api/v1/teams/${id}/debrief`).set(auth()).send({ time: '07:30', timezone: 'America/Chicago' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ teamId: id, enabled: true, time: '07:30', timezone: 'America/Chicago' });
    const local = new Date(res.body.nextAt).toLocaleTimeString('en-GB', { timeZone: 'America/Chicago', hour: '2-digit', minute: '2-digit' });
    expect(local).toBe('07:30');
    await eventually(async () => expect(await replanSignals(teamDebriefWorkflowId(id), 'replanDebrief')).toBe(2), 10_000);
    const off = await request(t.app).put(`/api/v1/teams/${id}/debrief`).set(auth()).send({ enabled: false });
    expect(off.body).toMatchObject({ enabled: false, time: '07:30', nextAt: null });
  });

  it('a bad time or zone is refused with a 400 naming the field, and an unknown team is a 404', async () => {
    const id = await newTeam();
    for (const [body, field] of [
      [{ time: '25:00' }, 'time'],
      [{ timezone: 'Mars/Olympus' }, 'timezone'],
      [{}, ''],
    ] as const) {
      const res = await request(t.app).put(`/api/v1/teams/${id}/debrief`).set(auth()).send(body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBeDefined();
      expect(JSON.stringify(res.body.error)).toContain(field);
    }
    const missing = await request(t.app).get('/api/v1/teams/0123456789abcdef01234567/debrief').set(auth());
    expect(missing.status).toBe(404);
  });
});

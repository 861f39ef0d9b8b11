import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { temporal } from '@temporalio/proto';
import { createTimeSkippingEnv } from '../setup/temporal';
import { buildLevel, buildPerson, buildPolicy } from '../fixtures/escalation.fixtures';
import { eventually, startEscalation } from './escalation.harness';
import type { TargetDirectory } from '../../activities/ports';
import type { AlertWorkflowInput } from '../../workflows/alert-context';
import { notifyTaskQueues } from '../../src/temporal/client';

jest.setTimeout(60_000);

let env: TestWorkflowEnvironment;
beforeEach(async () => {
  env = await createTimeSkippingEnv();
});
afterEach(async () => {
  await env?.teardown();
});

const alice = buildPerson('alice', { notificationPrefs: { channels: ['phone_call'] } });
const policy = () => buildPolicy([buildLevel(['schedule:primary'])]);
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

async function historyOf(workflowId: string): Promise<HistoryEvent[]> {
  return (await env.client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
}
const scheduledActivities = (events: HistoryEvent[]) =>
  events.flatMap((e) => (e.activityTaskScheduledEventAttributes ? [e.activityTaskScheduledEventAttributes.activityType?.name] : []));

test('the first call is requested in the alert workflow\'s first task: lookup and timeline writes run locally', async () => {
  const h = await startEscalation(env, { people: [alice], schedules: { primary: 'alice' } });
  try {
    const { alertId } = await h.trigger(policy());
    await h.waitForPages(['call alice @0']);
    const events = await historyOf(h.alerts.docs.get(alertId)!.workflowId);
    const callAt = events.findIndex((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'placeCall');
    expect(events.slice(0, callAt).filter((e) => e.workflowTaskCompletedEventAttributes)).toHaveLength(1);
    expect(scheduledActivities(events)).toEqual(['placeCall']);
    expect(h.timeline(alertId)).toEqual(['triggered', 'level_started', 'targets_resolved', 'call_placed']);
  } finally {
    await h.stop();
  }
});

/** Counts the directory's schedule lookups. */
function countingDirectory() {
  const counted = { lookups: 0, wrap: (d: TargetDirectory): TargetDirectory => ({
    getUser: (id) => d.getUser(id),
    onCallForSchedule: (id, at) => {
      counted.lookups++;
      return d.onCallForSchedule(id, at);
    },
  }) };
  return counted;
}

test('when the API resolved the first level on trigger, the first task schedules the call with no lookup at all', async () => {
  const counter = countingDirectory();
  const h = await startEscalation(env, { people: [alice], schedules: { primary: 'alice' }, prefetch: true, directory: counter.wrap });
  try {
    const { alertId } = await h.trigger(policy());
    await h.waitForPages(['call alice @0']);
    const events = await historyOf(h.alerts.docs.get(alertId)!.workflowId);
    const callAt = events.findIndex((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'placeCall');
    // Nothing ran before the call was scheduled: no local activity marker in the first task.
    expect(events.slice(0, callAt).filter((e) => e.markerRecordedEventAttributes)).toHaveLength(0);
    expect(counter.lookups).toBe(1); // the engine's; the workflow did not look alice up again
    expect(h.timeline(alertId)).toEqual(['triggered', 'level_started', 'targets_resolved', 'call_placed']);
  } finally {
    await h.stop();
  }
});

/** The local activities each workflow task recorded, task by task (a marker names its activity type). */
function localActivitiesByTask(events: HistoryEvent[]): string[][] {
  const tasks: string[][] = [];
  for (const e of events) {
    if (e.workflowTaskCompletedEventAttributes) tasks.push([]);
    const data = e.markerRecordedEventAttributes?.details?.data?.payloads?.[0]?.data;
    if (data) tasks[tasks.length - 1]?.push(/"activity_type":"(\w+)"/.exec(Buffer.from(data).toString())?.[1] ?? 'marker');
  }
  return tasks;
}

test('an alert of a service plans its events inside its timeline batches: no local activity of their own, none in the first task', async () => {
  const h = await startEscalation(env, { people: [alice], schedules: { primary: 'alice' }, prefetch: true });
  try {
    const { alertId } = await h.trigger(policy(), { serviceId: 'svc-payments' });
    await h.waitForPages(['call alice @0']);
    const workflowId = h.alerts.docs.get(alertId)!.workflowId;
    await eventually(() => expect(h.timeline(alertId)).toContain('call_placed'));
    expect(await h.engine.acknowledge(alertId, 'alice', 'api')).toMatchObject({ ok: true });
    await eventually(() => expect(h.timeline(alertId)).toContain('acknowledged'));
    const tasks = localActivitiesByTask(await historyOf(workflowId));
    expect(tasks[0]).toEqual([]); // the task that scheduled the call answered at once
    // The trigger's and the acknowledgement's events went with the batches that wrote their entries.
    expect(tasks.flat().length).toBeGreaterThanOrEqual(2);
    expect(new Set(tasks.flat())).toEqual(new Set(['project']));
    expect(scheduledActivities(await historyOf(workflowId))).toEqual(['placeCall']);
  } finally {
    await h.stop();
  }
});

test('a first level resolved more than a minute before the run starts is looked up again', async () => {
  const bob = buildPerson('bob', { notificationPrefs: { channels: ['phone_call'] } });
  const h = await startEscalation(env, { people: [alice, bob], schedules: { primary: 'alice' } });
  try {
    // Resolved five minutes ago, when bob still held the shift; the workflow only starts now.
    const at = new Date((await env.currentTimeMs()) - 5 * 60_000).toISOString();
    const alert = { alertId: '65f000000000000000000001', title: 'DB down', description: '', severity: 'critical' as const, source: 'test', escalationPolicyId: 'policy-1', serviceId: null, dedupKey: null, createdAt: at };
    const input: AlertWorkflowInput = { alert, policy: policy(), taskQueues: notifyTaskQueues(h.taskQueue), firstTargets: { at, resolved: { people: [bob], gaps: [] } } };
    const handle = await env.client.workflow.start('alertWorkflow', { args: [input], taskQueue: h.taskQueue, workflowId: `alert-stale-${alert.alertId}` });
    await eventually(() => expect(h.pages()).toEqual(['call alice @0']));
    await handle.terminate('test over');
  } finally {
    await h.stop();
  }
});

test('a timeline write that fails locally is retried as a regular activity, and the timeline stays complete', async () => {
  const h = await startEscalation(env, { people: [alice], schedules: { primary: 'alice' } });
  const project = h.alerts.project.bind(h.alerts);
  let failures = 0;
  h.alerts.project = async (...args) => {
    if (failures++ === 0) throw new Error('Mongo blip');
    return project(...args);
  };
  try {
    const { alertId } = await h.trigger(policy());
    await h.waitForPages(['call alice @0']);
    await eventually(() => expect(h.timeline(alertId)).toEqual(['triggered', 'level_started', 'targets_resolved', 'call_placed']));
    const events = await historyOf(h.alerts.docs.get(alertId)!.workflowId);
    expect(scheduledActivities(events)).toEqual(['placeCall', 'project']);
  } finally {
    await h.stop();
  }
});

test('the run ends in a later workflow task than the resolve, so a call result arriving meanwhile cannot fail the resolve', async () => {
  const h = await startEscalation(env, { people: [alice], schedules: { primary: 'alice' } });
  try {
    const { alertId } = await h.trigger(policy());
    await h.waitForPages(['call alice @0']);
    expect(await h.engine.resolve(alertId, 'ops', 'api')).toMatchObject({ ok: true, status: 'resolved' });
    const workflowId = h.alerts.docs.get(alertId)!.workflowId;
    await env.client.workflow.getHandle(workflowId).result();
    const events = await historyOf(workflowId);
    const resolvedAt = events.map((e) => Boolean(e.workflowExecutionUpdateCompletedEventAttributes)).lastIndexOf(true); // the trigger's is first
    const closedAt = events.findIndex((e) => e.workflowExecutionCompletedEventAttributes);
    // At least one: alice's call may still ring, and ending it through the provider adds its own tasks.
    expect(events.slice(resolvedAt, closedAt).filter((e) => e.workflowTaskStartedEventAttributes).length).toBeGreaterThanOrEqual(1);
    expect(h.timeline(alertId)).toContain('resolved');
  } finally {
    await h.stop();
  }
});

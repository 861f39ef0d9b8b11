import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Types } from 'mongoose';
import { createTimeSkippingEnv } from '../setup/temporal';
import { buildLevel, buildPerson, buildPolicy } from '../fixtures/escalation.fixtures';
import { notifyTaskQueues } from '../../src/temporal/client';
import type { AlertWorkflowInput } from '../../workflows/alert-context';
import { eventually, startEscalation } from './escalation.harness';

jest.setTimeout(60_000);

// One server per test: the time-skipping clock is global to a server, so tests must not share one.
let env: TestWorkflowEnvironment;
beforeEach(async () => {
  env = await createTimeSkippingEnv();
});
afterEach(async () => {
  await env?.teardown();
});

const phoneOnly = { notificationPrefs: { channels: ['phone_call' as const] } };
const people = ['alice', 'bob'].map((id) => buildPerson(id, phoneOnly));
const twoLevels = () => buildPolicy([buildLevel(['alice']), buildLevel(['bob'])]);

test('a call nobody answers is followed at once by an SMS to the same person, and the level timer keeps running', async () => {
  const h = await startEscalation(env, { people });
  try {
    const { alertId } = await h.trigger(twoLevels());
    await h.waitForPages(['call alice @0']);
    const call = h.telephony.dials[0]!;
    await env.sleep('1 minute');
    await h.engine.notificationOutcome(alertId, { attemptKey: call.key, outcome: 'no_answer', providerId: 'CA1' });
    await h.waitForPages(['call alice @0', 'sms alice @1']);
    expect(h.telephony.dials[1]!.key).toBe(call.key.replace(/phone_call$/, 'sms'));
    // The text says it is a fallback, so a bundle of texts gathers the other alerts' fallbacks (SMS_FALLBACK_GATHER_MS).
    const history = await env.client.workflow.getHandle(h.alerts.docs.get(alertId)!.workflowId).fetchHistory();
    const smsInputs = (history.events ?? []).flatMap((e) => {
      const a = e.activityTaskScheduledEventAttributes;
      return a?.activityType?.name === 'sendSms' ? [JSON.parse(Buffer.from(a.input?.payloads?.[0]?.data ?? []).toString()) as { fallback?: boolean }] : [];
    });
    expect(smsInputs.map((r) => r.fallback)).toEqual([true]);
    // Duplicate and out-of-order callbacks change nothing.
    await h.engine.notificationOutcome(alertId, { attemptKey: call.key, outcome: 'no_answer' });
    await h.engine.notificationOutcome(alertId, { attemptKey: call.key, outcome: 'answered' });
    await h.engine.notificationOutcome(alertId, { attemptKey: 'not-a-key', outcome: 'busy' });
    await env.sleep('4 minutes');
    expect(h.pages()).toEqual(['call alice @0', 'sms alice @1', 'call bob @5']);
    await eventually(() => expect(h.attempts.docs.get(call.key)?.status).toBe('no_answer'));
    expect(h.timeline(alertId)).toEqual(expect.arrayContaining(['notification_no_answer', 'sms_fallback', 'sms_sent']));
  } finally {
    await h.stop();
  }
});

test.each(['machine', 'completed_without_keypress', 'busy'] as const)('a call ending as %s falls back to SMS', async (outcome) => {
  const h = await startEscalation(env, { people });
  try {
    const { alertId } = await h.trigger(twoLevels());
    await h.waitForPages(['call alice @0']);
    await h.engine.notificationOutcome(alertId, { attemptKey: h.telephony.dials[0]!.key, outcome });
    await h.waitForPages(['call alice @0', 'sms alice @0']);
  } finally {
    await h.stop();
  }
});

test('an answered call acknowledged by keypress causes no fallback', async () => {
  const h = await startEscalation(env, { people });
  try {
    const { alertId } = await h.trigger(twoLevels());
    await h.waitForPages(['call alice @0']);
    const key = h.telephony.dials[0]!.key;
    await h.engine.notificationOutcome(alertId, { attemptKey: key, outcome: 'answered' });
    await h.engine.notificationOutcome(alertId, { attemptKey: key, outcome: 'acknowledged_by_keypress' });
    await h.engine.acknowledge(alertId, 'alice', 'phone');
    await h.engine.notificationOutcome(alertId, { attemptKey: key, outcome: 'completed_without_keypress' });
    await env.sleep('10 minutes');
    expect(h.pages()).toEqual(['call alice @0']);
  } finally {
    await h.stop();
  }
});

test('a call the provider refuses for good (invalid number) is recorded and falls back to SMS at once', async () => {
  const h = await startEscalation(env, { people });
  try {
    h.telephony.failNext('permanent');
    const { alertId } = await h.trigger(twoLevels());
    await h.waitForPages(['sms alice @0']);
    const failed = h.alerts.docs.get(alertId)?.timeline.find((t) => t.action === 'notification_failed');
    expect(failed?.details).toMatch(/phone_call to Alice failed: simulated permanent failure/);
  } finally {
    await h.stop();
  }
});

test('a medium alert during quiet hours waits until they end, then texts', async () => {
  // The time-skipping server starts at the real current time: quiet hours that cover "now" in UTC.
  const now = new Date(await env.currentTimeMs());
  const hh = (h: number) => String((now.getUTCHours() + h + 24) % 24).padStart(2, '0') + ':00';
  const sleeper = buildPerson('alice', { notificationPrefs: { channels: ['sms'], quietHours: { start: hh(0), end: hh(2) } } });
  const h = await startEscalation(env, { people: [sleeper] });
  try {
    const { alertId } = await h.trigger(buildPolicy([buildLevel(['alice'])]), { severity: 'medium' });
    await env.sleep('30 minutes');
    expect(h.pages()).toEqual([]);
    expect(h.timeline(alertId)).toContain('deferred');
    await env.sleep('2 hours');
    expect(h.pages()).toHaveLength(1);
    expect(h.pages()[0]).toMatch(/^sms alice/);
  } finally {
    await h.stop();
  }
});

test('a long-lived alert continues as new with its state, and keeps paging on schedule', async () => {
  const h = await startEscalation(env, { people });
  try {
    const alertId = new Types.ObjectId().toHexString();
    const input: AlertWorkflowInput = {
      alert: { alertId, title: 'flapping', description: '', severity: 'critical', source: 'test', escalationPolicyId: 'policy-1', dedupKey: 'flap', createdAt: new Date().toISOString() },
      policy: twoLevels(),
      taskQueues: notifyTaskQueues(h.taskQueue),
      maxHistoryEvents: 60,
    };
    const handle = await env.client.workflow.start('alertWorkflow', { workflowId: 'dedup:policy-1:flap', taskQueue: h.taskQueue, args: [input] });
    for (let i = 0; i < 40; i++) {
      const r = await h.trigger(twoLevels(), { dedupKey: 'flap' });
      expect(r).toMatchObject({ alertId, deduplicated: true, count: i + 2 });
    }
    const current = env.client.workflow.getHandle('dedup:policy-1:flap');
    await eventually(async () => expect((await current.describe()).runId).not.toBe(handle.firstExecutionRunId));
    await env.sleep('6 minutes');
    expect(h.pages()).toEqual(['call alice @0', 'call bob @5']);
    expect(await h.engine.state(alertId)).toMatchObject({ count: 41, currentLevel: 1 });
  } finally {
    await env.client.workflow.getHandle('dedup:policy-1:flap').terminate().catch(() => undefined);
    await h.stop();
  }
});

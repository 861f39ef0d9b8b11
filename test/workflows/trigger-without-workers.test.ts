import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createAlertEngine } from '../../src/temporal/alert-engine';
import { startWorkers } from '../../src/temporal/worker';
import { bundleWorkflows, createDevServerEnv } from '../setup/temporal';
import { WORKFLOWS_PATH } from '../../src/temporal/worker';
import {
  buildLevel,
  buildPerson,
  buildPolicy,
  fakeTelephony,
  memoryAlertRepository,
  memoryAttemptRepository,
  memoryDirectory,
} from '../fixtures/escalation.fixtures';
import { eventually } from './escalation.harness';

jest.setTimeout(60_000);

/**
 * The Temporal server is up but every worker is down. The trigger cannot be confirmed by a worker, yet the
 * server holds the alert: the engine says so (no 503 that would make the sender retry and page twice),
 * and the alert pages once workers return. The deadline is generous: on a loaded machine the server itself
 * can take over a second to persist the start, and a deadline that passes before it does is a 503 (also right).
 */
let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await createDevServerEnv();
});
afterAll(async () => {
  await env?.teardown();
});

test('a trigger while no worker runs is accepted, deduplicated on retry, and paged once workers return', async () => {
  const taskQueue = `no-workers-${randomUUID()}`;
  const alerts = memoryAlertRepository();
  const engine = createAlertEngine({ client: env.client, alerts, taskQueue, deadlineMs: 5_000 });
  const alice = buildPerson('alice', { notificationPrefs: { channels: ['phone_call'] } });
  const policy = buildPolicy([buildLevel(['alice'])]);
  const input = { title: 'DB down', severity: 'critical' as const, source: 'test', escalationPolicyId: 'p-nw', dedupKey: `k-${taskQueue}`, policy };

  const first = await engine.trigger(input);
  expect(first.deduplicated).toBe(false);
  expect(alerts.docs.get(first.alertId)).toMatchObject({ status: 'triggered', workflowId: `dedup:p-nw:k-${taskQueue}` });
  const retry = await engine.trigger(input);
  expect(retry).toMatchObject({ alertId: first.alertId, deduplicated: true });

  const telephony = fakeTelephony();
  const deps = { directory: memoryDirectory([alice]), telephony: telephony.provider, alerts, attempts: memoryAttemptRepository(), publicUrl: 'https://x.test' };
  const config = { TEMPORAL_ADDRESS: '', TEMPORAL_NAMESPACE: 'default', TEMPORAL_TASK_QUEUE: taskQueue, TWILIO_CALLS_PER_SECOND: 10, TWILIO_SMS_PER_SECOND: 10 };
  const workers = await startWorkers(config, deps, { connection: env.nativeConnection, workflowBundle: await bundleWorkflows(WORKFLOWS_PATH) });
  try {
    await eventually(() => expect(telephony.dials).toHaveLength(1), 20_000);
    expect(await engine.resolve(first.alertId, 'alice', 'api')).toMatchObject({ ok: true });
    expect(telephony.dials).toHaveLength(1);
  } finally {
    await workers.shutdown();
  }
});

import path from 'node:path';

import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { Connection } from 'mongoose';

import { closeTestDb, connectTestDb } from '../setup/mongo';
import { bundleWorkflows, createDevServerEnv } from '../setup/temporal';
import { createVisitActivities } from './fixtures/visit-counter.activities';
import { visitCounterWorkflow } from './fixtures/visit-counter.workflow';

// The project's testTimeout is not applied per project by jest; bundling and server start need more than 5 s.
jest.setTimeout(60_000);

let env: TestWorkflowEnvironment;
let conn: Connection;
let workflowBundle: WorkflowBundleWithSourceMap;

beforeAll(async () => {
  [env, conn, workflowBundle] = await Promise.all([
    createDevServerEnv(),
    connectTestDb('devserver'),
    bundleWorkflows(path.join(__dirname, 'fixtures', 'visit-counter.workflow.ts')),
  ]);
});

afterAll(async () => {
  if (conn) await closeTestDb(conn);
  await env?.teardown();
});

test('a workflow on the dev server runs a real activity that writes to Mongo, and returns its result', async () => {
  const taskQueue = `dev-server-test-${Date.now()}`;
  const workflowId = `visits-${taskQueue}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle,
    activities: createVisitActivities(conn),
  });

  const result = await worker.runUntil(
    env.client.workflow.execute(visitCounterWorkflow, { args: ['alice', 3], taskQueue, workflowId }),
  );

  expect(result).toBe('alice visited 3 times');
  const stored = await conn.collection('visits').findOne({ _id: 'alice' as never });
  expect(stored).toMatchObject({ count: 3, firstSeenBy: workflowId });
  const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
  const completedActivities = history.events?.filter((e) => e.activityTaskCompletedEventAttributes) ?? [];
  expect(completedActivities).toHaveLength(3);
});

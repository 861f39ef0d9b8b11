import path from 'node:path';

import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';

import { bundleWorkflows, createTimeSkippingEnv } from '../setup/temporal';
import { longNapWorkflow } from './fixtures/long-nap.workflow';

const TEN_MINUTES = 10 * 60_000;
/** Only a sanity bound against a server that really sleeps; speed figures belong in bench/. */
const WALL_CLOCK_SANITY_MS = TEN_MINUTES / 10;

// The project's testTimeout is not applied per project by jest; bundling and server start need more than 5 s.
jest.setTimeout(60_000);

let env: TestWorkflowEnvironment;
let workflowBundle: WorkflowBundleWithSourceMap;

beforeAll(async () => {
  [env, workflowBundle] = await Promise.all([
    createTimeSkippingEnv(),
    bundleWorkflows(path.join(__dirname, 'fixtures', 'long-nap.workflow.ts')),
  ]);
});

afterAll(async () => {
  await env?.teardown();
});

test('a workflow sleeping a 10-minute durable timer completes on the time-skipping server without waiting 10 minutes', async () => {
  const taskQueue = `time-skipping-test-${Date.now()}`;
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle });
  const serverTimeBefore = await env.currentTimeMs();
  const wallStart = Date.now();

  const nap = await worker.runUntil(
    env.client.workflow.execute(longNapWorkflow, {
      args: [TEN_MINUTES],
      taskQueue,
      workflowId: `nap-${taskQueue}`,
    }),
  );

  const wallElapsed = Date.now() - wallStart;
  const serverTimeAfter = await env.currentTimeMs();
  console.log(`10-minute timer finished after ${wallElapsed} ms of wall-clock time`);
  expect(nap.wokeAt - nap.fellAsleepAt).toBeGreaterThanOrEqual(TEN_MINUTES);
  expect(serverTimeAfter - serverTimeBefore).toBeGreaterThanOrEqual(TEN_MINUTES);
  expect(wallElapsed).toBeLessThan(WALL_CLOCK_SANITY_MS);
});

import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import type { ProjectRequest, ProjectResult } from '../../activities/activity.types';
import { bundleWorkflows, createTimeSkippingEnv } from '../setup/temporal';

jest.setTimeout(60_000);

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await createTimeSkippingEnv();
});
afterAll(async () => {
  await env?.teardown();
});

let bundle: ReturnType<typeof bundleWorkflows> | undefined;

/** Runs the fixture workflow and returns the timeline keys of each batch the projector wrote. */
async function batchesOf(settle: boolean): Promise<string[][]> {
  const batches: string[][] = [];
  const taskQueue = `projector-${randomUUID()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await (bundle ??= bundleWorkflows(require.resolve('./fixtures/projector-batches.workflow'))),
    activities: {
      project: async (req: ProjectRequest): Promise<ProjectResult> => {
        batches.push(req.entries.map((e) => e.key));
        return {};
      },
    },
  });
  await worker.runUntil(env.client.workflow.execute('projectorBatchesWorkflow', { args: [settle], taskQueue, workflowId: taskQueue }));
  return batches;
}

test('entries emitted by one activation are written by one batch once it has settled', async () => {
  expect(await batchesOf(true)).toEqual([['acknowledged', 'notified:sms']]);
});

test('without settling (alerts started before it), the later entry needs a batch of its own', async () => {
  expect(await batchesOf(false)).toEqual([['acknowledged'], ['notified:sms']]);
});

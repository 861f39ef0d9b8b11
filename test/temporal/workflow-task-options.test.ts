import { workflowTaskOptions, type WorkerConfig } from '../../src/temporal/worker';

const base: WorkerConfig = {
  TEMPORAL_ADDRESS: '127.0.0.1:7233',
  TEMPORAL_NAMESPACE: 'default',
  TEMPORAL_TASK_QUEUE: 'nightline',
  TWILIO_CALLS_PER_SECOND: 1,
  TWILIO_SMS_PER_SECOND: 1,
};

describe("the main worker's workflow-task options", () => {
  it('leave the SDK its own defaults when nothing is set', () => {
    expect(workflowTaskOptions(base)).toEqual({});
  });

  it('pass the configured slots, pollers and cache to the SDK', () => {
    const config = { ...base, TEMPORAL_WORKFLOW_TASK_SLOTS: 100, TEMPORAL_WORKFLOW_TASK_POLLERS: 20, TEMPORAL_MAX_CACHED_WORKFLOWS: 5000 };
    expect(workflowTaskOptions(config)).toEqual({
      maxCachedWorkflows: 5000,
      maxConcurrentWorkflowTaskExecutions: 100,
      workflowTaskPollerBehavior: { type: 'simple-maximum', maximum: 20 },
    });
  });

  it("a test's cache override (0: no sticky cache) wins over the configured cache", () => {
    expect(workflowTaskOptions({ ...base, TEMPORAL_MAX_CACHED_WORKFLOWS: 5000 }, 0)).toEqual({ maxCachedWorkflows: 0 });
  });
});

import { DEFAULT_WORKFLOW_TASK_POLLERS, DEFAULT_WORKFLOW_TASK_SLOTS } from '../../src/config';
import { workflowTaskOptions, type WorkerConfig } from '../../src/temporal/worker';

const base: WorkerConfig = {
  TEMPORAL_ADDRESS: '127.0.0.1:7233',
  TEMPORAL_NAMESPACE: 'default',
  TEMPORAL_TASK_QUEUE: 'nightline',
  TWILIO_CALLS_PER_SECOND: 1,
  TWILIO_SMS_PER_SECOND: 1,
};

const poll = (maximum: number) => ({ type: 'simple-maximum', maximum });

describe("the main worker's workflow-task options", () => {
  it("default to Nightline's slots and pollers, and leave the cache to the SDK", () => {
    expect(workflowTaskOptions(base)).toEqual({
      maxConcurrentWorkflowTaskExecutions: DEFAULT_WORKFLOW_TASK_SLOTS,
      workflowTaskPollerBehavior: poll(DEFAULT_WORKFLOW_TASK_POLLERS),
    });
  });

  it('pass the configured slots, pollers and cache to the SDK', () => {
    const config = { ...base, TEMPORAL_WORKFLOW_TASK_SLOTS: 60, TEMPORAL_WORKFLOW_TASK_POLLERS: 12, TEMPORAL_MAX_CACHED_WORKFLOWS: 5000 };
    expect(workflowTaskOptions(config)).toEqual({ maxCachedWorkflows: 5000, maxConcurrentWorkflowTaskExecutions: 60, workflowTaskPollerBehavior: poll(12) });
  });

  it('a small cache bounds the default slots, and the slots bound the pollers (the SDK would refuse or clamp)', () => {
    expect(workflowTaskOptions({ ...base, TEMPORAL_MAX_CACHED_WORKFLOWS: 8 })).toEqual({
      maxCachedWorkflows: 8,
      maxConcurrentWorkflowTaskExecutions: 8,
      workflowTaskPollerBehavior: poll(8),
    });
  });

  it("a test's cache override (0: no sticky cache) wins over the configured cache and bounds nothing", () => {
    expect(workflowTaskOptions({ ...base, TEMPORAL_MAX_CACHED_WORKFLOWS: 5000 }, 0)).toEqual({
      maxCachedWorkflows: 0,
      maxConcurrentWorkflowTaskExecutions: DEFAULT_WORKFLOW_TASK_SLOTS,
      workflowTaskPollerBehavior: poll(DEFAULT_WORKFLOW_TASK_POLLERS),
    });
  });
});

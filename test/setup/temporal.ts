import type { Logger } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  bundleWorkflowCode,
  DefaultLogger,
  type LogLevel,
  Runtime,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';

import { requireSetupEnv } from './env';

/**
 * Workers log every state change at INFO; tests keep WARN and above unless TEMPORAL_TEST_LOG_LEVEL
 * says otherwise. Jest gives each test file its own module registry, hence its own Runtime.
 */
function quietRuntime(): void {
  const level = (process.env.TEMPORAL_TEST_LOG_LEVEL ?? 'WARN') as LogLevel;
  try {
    Runtime.install({ logger: new DefaultLogger(level) });
  } catch {
    // Already installed or instantiated by this test file: keep that one.
  }
}

/**
 * A private time-skipping test server (the native binary from the services cache). Start one per
 * test file: time skipping is global to the server, so tests sharing one must run serially.
 */
export function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  return TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: requireSetupEnv('TEMPORAL_TEST_SERVER_PATH') } },
  });
}

/**
 * Client and worker connections to the shared Temporal dev server (namespace "default"). Real time
 * passes there; use unique task queues and workflow ids per test. teardown() only closes connections.
 */
export function createDevServerEnv(): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  return TestWorkflowEnvironment.createFromExistingServer({ address: requireSetupEnv('TEMPORAL_ADDRESS') });
}

const quietLogger: Logger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: (message, meta) => console.error(message, meta ?? ''),
};

/**
 * Bundles workflow code once (webpack; seconds on 2 cores), for Worker.create({ workflowBundle }).
 * Call it in beforeAll and share the bundle across the file's workers.
 */
export function bundleWorkflows(workflowsPath: string): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({ workflowsPath, logger: quietLogger });
}

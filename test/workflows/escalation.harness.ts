import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { Person, TargetDirectory } from '../../activities/ports';
import type { EscalationPolicySnapshot, Severity } from '../../src/domain/escalation.types';
import type { TelephonyProvider } from '../../src/telephony/telephony';
import { createAlertEngine } from '../../src/temporal/alert-engine';
import { startWorkers, WORKFLOWS_PATH } from '../../src/temporal/worker';
import { eventually as retryUntilItPasses } from '../fixtures/alerting.builders';
import {
  fakeTelephony,
  memoryAlertRepository,
  memoryAttemptRepository,
  memoryDirectory,
} from '../fixtures/escalation.fixtures';

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
/** Bundled once per test file: webpack is the slow part of starting a worker. */
export const workflowBundle = () => (bundle ??= bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quietLogger }));

/**
 * The real alert workflow, the real activities, workers and engine, on the time-skipping server;
 * only Mongo (in-memory repositories) and Twilio (a recording fake) are stand-ins.
 */
export async function startEscalation(
  env: TestWorkflowEnvironment,
  opts: {
    people: Person[];
    schedules?: Record<string, string | null>;
    callsPerSecond?: number;
    /** Let the engine resolve the first level on trigger, as the service does (prefetchFirstTargets). */
    prefetch?: boolean;
    /** Wraps the directory, e.g. to count lookups. */
    directory?: (d: TargetDirectory) => TargetDirectory;
    /** Another provider (the real Twilio client against the simulator); `telephony.dials` then stays empty. */
    provider?: TelephonyProvider;
  },
) {
  const taskQueue = `escalation-${randomUUID()}`;
  const telephony = fakeTelephony();
  const alerts = memoryAlertRepository();
  const attempts = memoryAttemptRepository();
  const config = {
    TEMPORAL_ADDRESS: 'unused',
    TEMPORAL_NAMESPACE: 'default',
    TEMPORAL_TASK_QUEUE: taskQueue,
    TWILIO_CALLS_PER_SECOND: opts.callsPerSecond ?? 1000,
    TWILIO_SMS_PER_SECOND: 1000,
  };
  const memory = memoryDirectory(opts.people, opts.schedules);
  const deps = { directory: opts.directory ? opts.directory(memory) : memory, telephony: opts.provider ?? telephony.provider, alerts, attempts, publicUrl: 'https://nightline.test' };
  const workers = await startWorkers(config, deps, { connection: env.nativeConnection, workflowBundle: await workflowBundle() });
  const engine = createAlertEngine({ client: env.client, alerts, taskQueue, ...(opts.prefetch ? { directory: deps.directory } : {}) });
  const t0 = await env.currentTimeMs();
  const phoneOf = (id: string) => opts.people.find((p) => p.id === id)?.phone;
  const started = new Set<string>();

  return {
    taskQueue,
    engine,
    telephony,
    alerts,
    attempts,
    t0,
    async trigger(policy: EscalationPolicySnapshot, over: { severity?: Severity; dedupKey?: string; title?: string; serviceId?: string } = {}) {
      const result = await engine.trigger({
        ...(over.serviceId ? { serviceId: over.serviceId } : {}),
        title: over.title ?? 'DB down',
        severity: over.severity ?? 'critical',
        source: 'test',
        escalationPolicyId: policy.id ?? 'policy-1',
        dedupKey: over.dedupKey,
        policy,
      });
      started.add(alerts.docs.get(result.alertId)?.workflowId ?? '');
      return result;
    },
    /** Pages so far as "<kind> <personId> @<minutes after start>". */
    pages() {
      return telephony.dials.map((d) => {
        const who = opts.people.find((p) => p.phone === d.to)?.id ?? d.to;
        return `${d.kind} ${who} @${Math.round((d.atMs - t0) / 60_000)}`;
      });
    },
    /**
     * Waits (real time, no clock skip) until exactly these pages went out and the workflow has recorded each
     * one: acting before that races the page's completion, which the time-skipping server mishandles.
     */
    async waitForPages(expected: string[]) {
      await eventually(() => {
        expect(this.pages()).toEqual(expected);
        const recorded = new Set([...alerts.docs.values()].flatMap((d) => d.timeline.map((t) => t.key)));
        for (const d of telephony.dials) expect(recorded).toContain(`notified:${d.key}`);
      });
    },
    callsTo: (id: string) => telephony.dials.filter((d) => d.kind === 'call' && d.to === phoneOf(id)),
    timeline: (alertId: string) => alerts.docs.get(alertId)?.timeline.map((t) => t.action) ?? [],
    /** Ends this test's workflows too: a leftover workflow without workers would hold the shared clock. */
    async stop() {
      await Promise.all([...started].map((id) => env.client.workflow.getHandle(id).terminate('test over').catch(() => undefined)));
      await workers.shutdown();
    },
  };
}

/** Retries an assertion for a few real seconds: for effects that need no time to pass, only the worker to run. */
export function eventually(assertion: () => void | Promise<void>, timeoutMs = 5000): Promise<void> {
  return retryUntilItPasses(assertion, timeoutMs);
}

const noop = () => undefined;
const quietLogger = { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: console.error };

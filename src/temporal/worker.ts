import { NativeConnection, Worker, type WorkflowBundleOption } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../../activities';
import { DEFAULT_WORKFLOW_TASK_POLLERS, DEFAULT_WORKFLOW_TASK_SLOTS, type Config } from '../config';
import type { Logger } from '../logger';
import { notifyTaskQueues } from './client';
import { pacedTelephony } from './paced-telephony';
import type { SharedPacers } from './shared-pacing';
import { meterAcknowledgements, meterTelephony, metricsSinks, notificationInterceptor, type WorkerMetrics } from './worker-metrics';

export type WorkerConfig = Pick<
  Config,
  'TEMPORAL_ADDRESS' | 'TEMPORAL_NAMESPACE' | 'TEMPORAL_TASK_QUEUE' | 'TWILIO_CALLS_PER_SECOND' | 'TWILIO_SMS_PER_SECOND'
> & Partial<Pick<Config, 'TEMPORAL_MAX_CACHED_WORKFLOWS' | 'TEMPORAL_WORKFLOW_TASK_SLOTS' | 'TEMPORAL_WORKFLOW_TASK_POLLERS'>>;

export interface WorkerOptionsExtra {
  /** A prebuilt bundle, in memory or on disk (tests bundle once); otherwise workflows/index.ts is bundled here. */
  workflowBundle?: WorkflowBundleOption;
  /** An existing connection (tests); otherwise one is opened to TEMPORAL_ADDRESS and closed on shutdown. */
  connection?: NativeConnection;
  /** Fleet-wide pacers (createSharedPacers): the calls/s limit then holds across worker processes. */
  sharedPacing?: SharedPacers;
  /**
   * 0 turns the sticky workflow cache off (tests that restart workers on the time-skipping server, which
   * keeps routing a workflow's tasks to a stopped worker's sticky queue).
   */
  maxCachedWorkflows?: number;
  /** Worker metrics (served on the health port's /metrics); without it nothing is measured. */
  metrics?: WorkerMetrics;
  /** Where each page's log line goes (with its alert and workflow ids). */
  log?: Logger;
}

export interface RunningWorkers {
  workers: Worker[];
  /** Resolves when every worker has stopped; rejects if one of them fails. */
  done: Promise<void>;
  shutdown(): Promise<void>;
}

/**
 * On shutdown a worker stops polling, then lets running activities finish for this long before cancelling
 * them: longer than a notify activity's provider call, so a page being dialled is never abandoned half-way.
 */
export const WORKER_SHUTDOWN_GRACE_MS = 30_000;

export const WORKFLOWS_PATH = require.resolve('../../workflows');
export const WORKFLOW_INTERCEPTORS_PATH = require.resolve('../../workflows/metrics.interceptors');

/**
 * Starts the main worker (workflows, lookups, projection) and the two notify workers. Pages start at once
 * and wait in the pacers (src/temporal/paced-telephony.ts), which grant the Twilio limit's slots critical
 * first, then by time: within a process, and across processes through the shared pacers (Mongo). The
 * server's task-queue limit would dispatch them first-come first-served, so it is not used: the pacers
 * alone keep the limit, and a page waiting there still heartbeats and can be cancelled.
 */
/**
 * Call and text activities each worker runs at once. A page whose bundle is not yet due (the person's throttle)
 * waits inside its activity, asleep, so in a storm to one person the SDK's default of 100 let 100 waiting pages
 * hold every slot: nobody else's page could start, and the storm went out at 100 alerts a minute. The pacers,
 * not these slots, bound how fast calls and texts go out.
 */
export const NOTIFY_ACTIVITY_SLOTS = 2000;

/**
 * The main worker's workflow cache, task slots and pollers. Slots default to DEFAULT_WORKFLOW_TASK_SLOTS, but never
 * more than a set cache holds (each running task keeps its alert cached; 0 is no cache, so no bound), and pollers
 * never more than the slots. An unset cache keeps the SDK's default (sized from the heap).
 */
export function workflowTaskOptions(config: WorkerConfig, maxCachedWorkflows?: number) {
  const cache = maxCachedWorkflows ?? config.TEMPORAL_MAX_CACHED_WORKFLOWS;
  const slots = Math.max(2, Math.min(config.TEMPORAL_WORKFLOW_TASK_SLOTS ?? DEFAULT_WORKFLOW_TASK_SLOTS, cache || Infinity));
  const pollers = Math.max(2, Math.min(config.TEMPORAL_WORKFLOW_TASK_POLLERS ?? DEFAULT_WORKFLOW_TASK_POLLERS, slots));
  return {
    ...(cache === undefined ? {} : { maxCachedWorkflows: cache }),
    maxConcurrentWorkflowTaskExecutions: slots,
    workflowTaskPollerBehavior: { type: 'simple-maximum' as const, maximum: pollers },
  };
}

export async function startWorkers(config: WorkerConfig, deps: ActivityDeps, extra: WorkerOptionsExtra = {}): Promise<RunningWorkers> {
  const ownConnection = !extra.connection;
  const connection = extra.connection ?? (await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS }));
  const m = extra.metrics;
  const meter = m && meterTelephony(m);
  const limits = { callsPerSecond: config.TWILIO_CALLS_PER_SECOND, smsPerSecond: config.TWILIO_SMS_PER_SECOND };
  const paced = pacedTelephony(meter ? meter.inner(deps.telephony) : deps.telephony, limits, extra.sharedPacing);
  const telephony = meter ? meter.outer(paced) : paced;
  const alerts = m ? meterAcknowledgements(deps.alerts, m) : deps.alerts;
  const { placeCall, sendSms, ...mainActivities } = createActivities({ ...deps, telephony, alerts });
  const queues = notifyTaskQueues(config.TEMPORAL_TASK_QUEUE);
  const interceptors = m ? { activity: [notificationInterceptor(m, extra.log)] } : {};
  const common = { connection, namespace: config.TEMPORAL_NAMESPACE, interceptors, shutdownGraceTime: WORKER_SHUTDOWN_GRACE_MS };
  // A prebuilt bundle carries whatever interceptors it was built with; a bundle built here adds the timer meter.
  const workflows = extra.workflowBundle
    ? { workflowBundle: extra.workflowBundle }
    : {
        workflowsPath: WORKFLOWS_PATH,
        interceptors: { ...interceptors, workflowModules: m ? [WORKFLOW_INTERCEPTORS_PATH] : [] },
        ...(m ? { sinks: metricsSinks(m) } : {}),
      };

  const workers = [
    await Worker.create({
      ...common,
      ...workflows,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      activities: mainActivities,
      ...workflowTaskOptions(config, extra.maxCachedWorkflows),
    }),
    await Worker.create({
      ...common,
      taskQueue: queues.calls,
      activities: { placeCall },
      maxConcurrentActivityTaskExecutions: NOTIFY_ACTIVITY_SLOTS,
    }),
    await Worker.create({
      ...common,
      taskQueue: queues.sms,
      activities: { sendSms },
      maxConcurrentActivityTaskExecutions: NOTIFY_ACTIVITY_SLOTS,
    }),
  ];
  const done = Promise.all(workers.map((w) => w.run())).then(async () => {
    if (ownConnection) await connection.close();
  });
  return {
    workers,
    done,
    async shutdown() {
      for (const w of workers) if (w.getState() === 'RUNNING') w.shutdown();
      await done;
    },
  };
}

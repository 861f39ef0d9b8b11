import { NativeConnection, Worker, type WorkflowBundleOption } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../../activities';
import type { Config } from '../config';
import { notifyTaskQueues } from './client';
import { pacedTelephony } from './paced-telephony';
import type { SharedPacers } from './shared-pacing';

export type WorkerConfig = Pick<
  Config,
  'TEMPORAL_ADDRESS' | 'TEMPORAL_NAMESPACE' | 'TEMPORAL_TASK_QUEUE' | 'TWILIO_CALLS_PER_SECOND' | 'TWILIO_SMS_PER_SECOND'
>;

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
}

export interface RunningWorkers {
  workers: Worker[];
  /** Resolves when every worker has stopped; rejects if one of them fails. */
  done: Promise<void>;
  shutdown(): Promise<void>;
}

export const WORKFLOWS_PATH = require.resolve('../../workflows');

/**
 * Starts the main worker (workflows, lookups, projection) and the two notify workers. The notify queues'
 * limits are enforced by the server (maxTaskQueueActivitiesPerSecond; exact with one partition, which
 * docker-compose.yml deploys); within a process, one poller and a pacer keep the server's short bursts from
 * reaching Twilio, and the shared pacers (Mongo) do the same across processes.
 */
export async function startWorkers(config: WorkerConfig, deps: ActivityDeps, extra: WorkerOptionsExtra = {}): Promise<RunningWorkers> {
  const ownConnection = !extra.connection;
  const connection = extra.connection ?? (await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS }));
  const limits = { callsPerSecond: config.TWILIO_CALLS_PER_SECOND, smsPerSecond: config.TWILIO_SMS_PER_SECOND };
  const telephony = pacedTelephony(deps.telephony, limits, extra.sharedPacing);
  const { placeCall, sendSms, ...mainActivities } = createActivities({ ...deps, telephony });
  const queues = notifyTaskQueues(config.TEMPORAL_TASK_QUEUE);
  const common = { connection, namespace: config.TEMPORAL_NAMESPACE };
  const workflows = extra.workflowBundle ? { workflowBundle: extra.workflowBundle } : { workflowsPath: WORKFLOWS_PATH };

  const workers = [
    await Worker.create({
      ...common,
      ...workflows,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      activities: mainActivities,
      ...(extra.maxCachedWorkflows === undefined ? {} : { maxCachedWorkflows: extra.maxCachedWorkflows }),
    }),
    await Worker.create({
      ...common,
      taskQueue: queues.calls,
      activities: { placeCall },
      maxTaskQueueActivitiesPerSecond: config.TWILIO_CALLS_PER_SECOND,
      maxActivitiesPerSecond: config.TWILIO_CALLS_PER_SECOND,
      maxConcurrentActivityTaskPolls: 1,
    }),
    await Worker.create({
      ...common,
      taskQueue: queues.sms,
      activities: { sendSms },
      maxTaskQueueActivitiesPerSecond: config.TWILIO_SMS_PER_SECOND,
      maxActivitiesPerSecond: config.TWILIO_SMS_PER_SECOND,
      maxConcurrentActivityTaskPolls: 1,
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

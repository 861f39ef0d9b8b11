import { createPageBundleRepository } from './db/page-bundle.repository';
import type { Server } from 'node:http';
import { Client } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { Connection } from 'mongoose';
import type { Config } from './config';
import { actionLinkSecret } from './channels/action-links';
import { createChannelProviders } from './channels/channel-providers';
import type { ChannelProviders } from './channels/channels';
import { createAlertRepository } from './db/alert.repository';
import { connectMongo } from './db/connect';
import { createTargetDirectory } from './db/directory';
import { createTwilioContext } from './http/twilio/context';
import { startMissedCallSweeper } from './http/twilio/missed-call-sweeper';
import { initModels } from './db/models';
import { createNoticeStore } from './db/notice-store';
import { scheduleModel } from './db/schedule.model';
import { loadDebrief } from './db/debrief.repository';
import { debriefText } from './domain/debrief';
import { createNoticePlanner } from './temporal/notice-planner';
import { migrateToTeams } from './db/identity/teams.repository';
import { teamModel } from './db/identity/team.model';
import { migrateFeedTokens } from './db/identity/feed-token';
import { createNotificationAttemptRepository } from './db/notification-attempt.repository';
import { createSmsPaging } from './db/sms-paging';
import { createApp } from './http/app';
import type { Logger } from './logger';
import { createMetrics, instrumentEngine } from './metrics';
import { readinessChecks } from './readiness';
import { createAlertEngine } from './temporal/alert-engine';
import { createAlertOutbox } from './db/alert-outbox.repository';
import { createStartOutbox } from './temporal/start-outbox';
import { createRunbookPager } from './temporal/runbook-pager';
import { createTemporalClient } from './temporal/client';
import { startWorkers, type RunningWorkers } from './temporal/worker';
import { startWorkerHealthServer } from './temporal/worker-health';
import { createSharedPacers } from './temporal/shared-pacing';
import { drillFaults } from './temporal/drill-faults';
import { createWorkerMetrics } from './temporal/worker-metrics';
import type { TelephonyProvider } from './telephony/telephony';
import { TwilioProvider } from './telephony/twilio-provider';
import { BundleBell } from '../activities/bundle-bell';

export type Role = 'api' | 'worker';

export interface Nightline {
  conn: Connection;
  temporal: Client;
  server?: Server;
  /** Where the API listens (with the port actually bound). */
  url?: string;
  workers?: RunningWorkers;
  /** The worker's health port (/healthz, /metrics), when it serves one. */
  workerHealthUrl?: string;
  stop(): Promise<void>;
}

export interface ComposeOptions {
  roles: readonly Role[];
  /** Tests may swap the provider; production always talks to TWILIO_API_BASE_URL. */
  telephony?: TelephonyProvider;
  /** Host to bind; loopback in dev and tests. */
  host?: string;
  /** Tests may swap email/Slack/webhook providers; otherwise built from the config. */
  channels?: ChannelProviders;
  /** Serve the worker's health port even when the API runs in the same process (tests read its /metrics). */
  workerHealth?: boolean;
}

/** Composition root: config -> db -> clients -> app and/or workers. */
export async function startNightline(config: Config, log: Logger, opts: ComposeOptions): Promise<Nightline> {
  const conn = await connectMongo(config.MONGODB_URI);
  await initModels(conn);
  await migrateToTeams(conn);
  await migrateFeedTokens(conn);
  const temporal = createTemporalClient(config);
  const alerts = createAlertRepository(conn);
  const stops: Array<() => Promise<void>> = [];
  const result: Nightline = {
    conn,
    temporal,
    async stop() {
      for (const stop of stops.reverse()) await stop().catch((err: unknown) => log.warn({ err }, 'stop failed'));
      await temporal.connection.close().catch(() => undefined);
      await conn.close();
    },
  };

  let eagerStarter: Client | undefined;
  try {
    if (opts.roles.includes('worker')) {
      const telephony =
        opts.telephony ??
        new TwilioProvider({
          accountSid: config.TWILIO_ACCOUNT_SID,
          authToken: config.TWILIO_AUTH_TOKEN,
          fromNumber: config.TWILIO_FROM_NUMBER,
          apiBaseUrl: config.TWILIO_API_BASE_URL,
        });
      const workerMetrics = createWorkerMetrics(conn);
      // API and worker in one process (`npm start`): the API's workflow starts go over the worker's connection
      // and ask for the first task to be handed to it at once (eager start; see createStartOutbox).
      const shared = opts.roles.includes('api') ? await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS }) : undefined;
      if (shared) {
        stops.push(() => shared.close());
        eagerStarter = new Client({ connection: shared, namespace: config.TEMPORAL_NAMESPACE });
      }
      const workers = await startWorkers(config, {
        directory: createTargetDirectory(conn),
        telephony,
        alerts,
        attempts: createNotificationAttemptRepository(conn),
        publicUrl: config.PUBLIC_URL,
        sms: createSmsPaging(conn),
        faults: drillFaults(config.NIGHTLINE_DRILL_FAULTS),
        bundles: { repo: createPageBundleRepository(conn), bell: new BundleBell(), throttleMs: config.PAGE_THROTTLE_SECONDS * 1000, criticalCapMs: config.PAGE_THROTTLE_SECONDS * 1000, handBackAfterMs: config.BUNDLE_HAND_BACK_SECONDS * 1000 },
        channels: { providers: opts.channels ?? createChannelProviders(config), conn, linkSecret: actionLinkSecret(config), linkTtlMs: config.ACTION_LINK_TTL_MINUTES * 60_000 },
        notices: { store: createNoticeStore(conn), debriefText: async (q) => debriefText(await loadDebrief(conn, q)) },
      }, {
        sharedPacing: createSharedPacers(conn, config.TEMPORAL_TASK_QUEUE, { callsPerSecond: config.TWILIO_CALLS_PER_SECOND, smsPerSecond: config.TWILIO_SMS_PER_SECOND }),
        metrics: workerMetrics,
        log: log.child({ component: 'paging' }),
        ...(shared ? { connection: shared } : {}),
      });
      workers.done.catch((err: unknown) => log.fatal({ err }, 'a Temporal worker stopped'));
      result.workers = workers;
      stops.push(() => workers.shutdown());
      if (!opts.roles.includes('api') || opts.workerHealth) {
        const health = await startWorkerHealthServer(workers, config.WORKER_HEALTH_PORT, opts.host, workerMetrics.registry);
        const addr = health.address();
        result.workerHealthUrl = `http://${opts.host ?? '127.0.0.1'}:${typeof addr === 'object' && addr ? addr.port : config.WORKER_HEALTH_PORT}`;
        stops.push(() => new Promise<void>((resolve) => health.close(() => resolve())));
      }
    }
    if (opts.roles.includes('api')) {
      const metrics = createMetrics(conn);
      const directory = createTargetDirectory(conn);
      // Triggers are answered once in MongoDB; this process's dispatcher starts them (and recovers what others left).
      const outbox = createStartOutbox({
        client: temporal,
        outbox: createAlertOutbox(conn),
        directory,
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        log: log.child({ component: 'outbox' }),
        ...(eagerStarter ? { eagerStarter } : {}),
        onStarted: (eagerly) => metrics.workflowStarts.inc({ eager: String(eagerly) }),
      });
      await outbox.start();
      stops.push(() => outbox.stop());
      const engine = instrumentEngine(createAlertEngine({ client: temporal, alerts, directory, taskQueue: config.TEMPORAL_TASK_QUEUE, outbox }), metrics);
      const noticePlanner = createNoticePlanner({ client: temporal, taskQueue: config.TEMPORAL_TASK_QUEUE });
      // In the background: boot must not wait on Temporal; schedules edited later start theirs anyway.
      noticePlanner
        .ensureAll(async () => (await scheduleModel(conn).find({}, { _id: 1 }).lean()).map((d) => String(d._id)))
        .catch((err: unknown) => log.warn({ err }, 'could not start the shift-notice workflows'));
      noticePlanner
        .ensureTeamDebriefs(async () => (await teamModel(conn).find({}, { _id: 1 }).lean()).map((d) => String(d._id)))
        .catch((err: unknown) => log.warn({ err }, 'could not start the team debrief workflows'));
      const runbookPager = createRunbookPager({ client: temporal, taskQueue: config.TEMPORAL_TASK_QUEUE });
      const app = createApp({ config, log, conn, metrics, alertEngine: engine, noticePlanner, runbookPager, checks: readinessChecks(conn, temporal) });
      stops.push(startMissedCallSweeper(createTwilioContext({ config, log, conn, engine })));
      const server = await listen(app, config.PORT, opts.host);
      const addr = server.address();
      const port = typeof addr === 'object' && addr ? addr.port : config.PORT;
      result.server = server;
      result.url = `http://${opts.host ?? '127.0.0.1'}:${port}`;
      stops.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    }
  } catch (err) {
    await result.stop();
    throw err;
  }
  return result;
}

function listen(app: ReturnType<typeof createApp>, port: number, host?: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host ?? '0.0.0.0', (err?: Error) => (err ? reject(err) : resolve(server)));
  });
}

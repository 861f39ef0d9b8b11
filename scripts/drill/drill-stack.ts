import { randomBytes, randomUUID } from 'node:crypto';
import { trackBundles } from './drill-bundles';
import { startTwilioSimulator, type TwilioSimulator } from '../../src/telephony/simulator';
import { type ChildService, spawnService } from '../services/child-service';
import { freePort } from '../services/free-port';
import { silentLog } from '../services/log';
import { waitUntilReady } from '../services/readiness';
import { startServices, type SomeServices } from '../services/start-services';

const ACCOUNT_SID = `AC${'d7111'.repeat(6)}de`;
const AUTH_TOKEN = 'drill-twilio-auth-token';
const ADMIN_TOKEN = 'drill-admin-token-0123456789abcdef';
const FROM_NUMBER = '+15550001000';
/** A simulated second lasts 10 s and phones ring for an hour of them: a page's call stays ringing all drill. */
const SLOW_SIM_SECOND_MS = 10_000;
const UP_TIMEOUT_MS = 90_000;

const answers200 = (url: string) => async () => {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
};

/**
 * The service as production runs it (an API process and a worker process, `src/main.ts api|worker`), on a
 * Mongo-wire server and a Temporal dev server that keep their data in `dataDir` (so both can be restarted),
 * with Twilio played by the simulator in this process. The worker is restarted whenever it dies.
 */
export async function startDrillStack(opts: { dataDir: string; workerFaults: string; callsPerSecond: number }) {
  // Two handles, so each server can be restarted alone (on its own port, with its own data file).
  let mongo: SomeServices = await startServices({ dataDir: opts.dataDir, log: silentLog, temporal: false });
  let temporal: SomeServices = await startServices({ dataDir: opts.dataDir, log: silentLog, mongo: false });
  const services = { mongoUri: mongo.mongoUri!, temporalAddress: temporal.temporalAddress! };
  const mongoPort = Number(new URL(services.mongoUri).port);
  const temporalPort = Number(services.temporalAddress.split(':')[1]);
  const sim: TwilioSimulator = await startTwilioSimulator({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, timing: { msPerSimSecond: SLOW_SIM_SECOND_MS } });
  sim.setDefaultBehaviour({ answer: 'no-answer', ringSeconds: 3600 });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const mongoUri = `${services.mongoUri.replace(/\/$/, '')}/drill_${randomBytes(4).toString('hex')}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    PORT: String(port),
    PUBLIC_URL: url,
    MONGODB_URI: mongoUri,
    TEMPORAL_ADDRESS: services.temporalAddress,
    TEMPORAL_TASK_QUEUE: `drill-${randomUUID()}`,
    TWILIO_CALLS_PER_SECOND: String(opts.callsPerSecond),
    TWILIO_SMS_PER_SECOND: String(opts.callsPerSecond),
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    TWILIO_FROM_NUMBER: FROM_NUMBER,
    TWILIO_API_BASE_URL: sim.baseUrl,
    ADMIN_API_TOKEN: ADMIN_TOKEN,
    LOG_LEVEL: 'fatal',
  };
  const bundles = trackBundles(mongoUri);
  let stopping = false;
  const counts = { workerStarts: 0, workerDeaths: 0, apiStarts: 0 };
  let worker: ChildService | undefined;
  let workerUp = false;
  let api: ChildService | undefined;

  async function startWorker(): Promise<void> {
    const healthPort = await freePort();
    const child = spawnService('nightline worker', process.execPath, ['--import', 'tsx', 'src/main.ts', 'worker'], {
      env: { ...env, WORKER_HEALTH_PORT: String(healthPort), NIGHTLINE_DRILL_FAULTS: opts.workerFaults },
    });
    worker = child;
    workerUp = false;
    counts.workerStarts++;
    void child.exited.then(() => {
      counts.workerDeaths++;
      if (!stopping && worker === child) void startWorker().catch(() => undefined); // a supervisor, as compose's restart: unless-stopped
    });
    const ready = `http://127.0.0.1:${healthPort}/healthz`;
    await waitUntilReady(child, ready, answers200(ready), UP_TIMEOUT_MS)
      .then(() => {
        if (worker === child) workerUp = true;
      })
      .catch(() => undefined);
  }

  async function startApi(): Promise<void> {
    api = spawnService('nightline api', process.execPath, ['--import', 'tsx', 'src/main.ts', 'api'], { env });
    counts.apiStarts++;
    await waitUntilReady(api, `${url}/readyz`, answers200(`${url}/readyz`), UP_TIMEOUT_MS);
  }

  await startApi();
  await startWorker();
  sim.configureNumber(FROM_NUMBER, { voiceUrl: `${url}/twilio/voice/incoming`, smsUrl: `${url}/twilio/sms/incoming` });

  const headers = { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' };
  async function api_(method: string, path: string, body?: unknown) {
    const res = await fetch(`${url}/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(15_000) });
    return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
  }

  return {
    url,
    sim,
    counts,
    /** Who each bundle carried (a bundled call's URL names only its first page). */
    bundles,
    api: api_,
    async created(path: string, body: unknown): Promise<string> {
      const r = await api_('POST', path, body);
      if (r.status !== 201 || typeof r.body.id !== 'string') throw new Error(`POST ${path} → ${r.status}: ${JSON.stringify(r.body)}`);
      return r.body.id;
    },
    workerPid: () => worker?.pid,
    /** Whether the current worker has come up (a kill while it still starts tests nothing). */
    workerUp: () => workerUp,
    /** SIGKILLs the worker; the supervisor starts another. */
    killWorker() {
      if (worker?.pid && !worker.hasExited()) process.kill(worker.pid, 'SIGKILL');
    },
    async setWorkerFaults(spec: string) {
      opts.workerFaults = spec;
    },
    apiPid: () => api?.pid,
    restartApi: startApi,
    /** Stops the Mongo-wire server and starts it again on the same port and data file. */
    async restartMongo(downMs: number) {
      await mongo.stop();
      await new Promise((r) => setTimeout(r, downMs));
      mongo = await startServices({ dataDir: opts.dataDir, log: silentLog, temporal: false, mongoPort });
      if (mongo.mongoUri !== services.mongoUri) throw new Error(`the Mongo-wire server came back at ${mongo.mongoUri}`);
    },
    /** Stops the Temporal dev server and starts it again on the same port with its database file. */
    async restartTemporal(downMs: number) {
      await temporal.stop();
      await new Promise((r) => setTimeout(r, downMs));
      temporal = await startServices({ dataDir: opts.dataDir, log: silentLog, mongo: false, temporalPort });
      if (temporal.temporalAddress !== services.temporalAddress) throw new Error(`the Temporal dev server came back at ${temporal.temporalAddress}`);
    },
    async stop() {
      stopping = true;
      await bundles.stop();
      await Promise.all([worker?.stop(), api?.stop()]);
      await sim.stop().catch(() => undefined);
      await Promise.all([mongo.stop(), temporal.stop()]);
    },
  };

}

export type DrillStack = Awaited<ReturnType<typeof startDrillStack>>;

import { randomBytes, randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { mongo } from 'mongoose';
import { startTwilioSimulator, type TwilioSimulator } from '../src/telephony/simulator';
import { freePort } from '../scripts/services/free-port';
import { spawnService, type ChildService } from '../scripts/services/child-service';
import { waitUntilReady } from '../scripts/services/readiness';

const ACCOUNT_SID = `AC${'be0c'.repeat(8)}`;
const AUTH_TOKEN = 'bench-twilio-auth-token';
export const ADMIN_TOKEN = 'bench-admin-token-0123456789abcdef';
const FROM_NUMBER = '+15550001000';
const ON_CALL_PHONE = '+15550002000';
/** In 'ring' mode a simulated second lasts 10 s, so a page rings (60 simulated s) for 10 minutes: past any run. */
const SLOW_SIM_SECOND_MS = 10_000;
const RING_FOREVER_SECONDS = 3600;

export interface PagingStack {
  url: string;
  sim: TwilioSimulator;
  policyId: string;
  /** Fires one alert; resolves with the HTTP status and the alert id (when accepted). */
  trigger(title: string): Promise<{ status: number; id?: string }>;
  /** Calls.json requests the simulator received, as (alertId, arrival ms). */
  callArrivals(): Map<string, number>;
  /** When the workers started each alert's first placeCall activity (from the workflow histories). */
  callActivityStarts(alertIds: string[]): Promise<number[]>;
  /** The service's own processes (API and worker), to tell their CPU use apart. */
  servicePids: number[];
  stop(): Promise<void>;
}

/**
 * The real service (API + workers) on loopback against the given Mongo/Temporal, with Twilio played by
 * the simulator. Its own database and task queue, so a second stack (another calls/s limit) starts clean.
 */
export type PhoneMode = 'ring' | 'ack';

/**
 * How the service runs, as `npm start` runs it: 'single' is one process with both roles, 'split' an API
 * process and a worker process (the docker-compose layout). Either way the load generator and the Twilio
 * simulator stay in the bench process, as the alert source and Twilio are not on the service's host.
 */
export type Topology = 'single' | 'split';

const UP_TIMEOUT_MS = 60_000;

/** Probe for waitUntilReady: the child answers 200 at `url`. */
const answers200 = (url: string) => async () => {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
};

/**
 * 'ring': every phone keeps ringing (simulated in real time) past the end of the run, so only the paging path
 * itself loads the system; 'ack': the person answers at once and presses 1, adding the webhook and
 * acknowledge traffic of the happy path.
 */
export async function startPagingStack(opts: {
  mongoUri: string;
  temporalAddress: string;
  callsPerSecond: number;
  phone: PhoneMode;
  topology: Topology;
  /** Extra service variables (e.g. a higher ingestion rate limit). */
  env?: Record<string, string>;
}): Promise<PagingStack> {
  const ring = opts.phone === 'ring';
  const sim = await startTwilioSimulator({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, timing: { msPerSimSecond: ring ? SLOW_SIM_SECOND_MS : 0 } });
  sim.setDefaultBehaviour(ring ? { answer: 'no-answer', ringSeconds: RING_FOREVER_SECONDS } : { answer: 'human', ringSeconds: 1, pressDigits: ['1'] });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const mongoUrl = new URL(opts.mongoUri);
  mongoUrl.pathname = `/bench_${randomBytes(4).toString('hex')}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(port),
    PUBLIC_URL: url,
    MONGODB_URI: mongoUrl.toString(),
    TEMPORAL_ADDRESS: opts.temporalAddress,
    TEMPORAL_TASK_QUEUE: `bench-${randomUUID()}`,
    TWILIO_CALLS_PER_SECOND: String(opts.callsPerSecond),
    TWILIO_SMS_PER_SECOND: String(opts.callsPerSecond),
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    TWILIO_FROM_NUMBER: FROM_NUMBER,
    TWILIO_API_BASE_URL: sim.baseUrl,
    ADMIN_API_TOKEN: ADMIN_TOKEN,
    LOG_LEVEL: 'error',
    ...opts.env,
  };
  const children: ChildService[] = [];
  const temporal = new Client({ connection: await Connection.connect({ address: opts.temporalAddress }) });
  const stopAll = async () => {
    await Promise.all(children.map((c) => c.stop()));
    await sim.stop().catch(() => undefined);
    await temporal.connection.close().catch(() => undefined);
  };
  try {
    const roles = opts.topology === 'split' ? ['api', 'worker'] : [undefined];
    for (const role of roles) {
      const healthPort = await freePort();
      const args = [...(process.env.BENCH_SERVICE_NODE_ARGS?.split(' ').filter(Boolean) ?? []), '--import', 'tsx', 'src/main.ts', ...(role ? [role] : [])];
      children.push(spawnService(`nightline ${role ?? 'api+worker'}`, process.execPath, args, { env: { ...env, WORKER_HEALTH_PORT: String(healthPort) } }));
      const ready = role === 'worker' ? `http://127.0.0.1:${healthPort}/healthz` : `${url}/readyz`;
      await waitUntilReady(children.at(-1)!, ready, answers200(ready), UP_TIMEOUT_MS);
    }
  } catch (err) {
    await stopAll();
    throw err;
  }
  sim.configureNumber(FROM_NUMBER, { voiceUrl: `${url}/twilio/voice/incoming`, smsUrl: `${url}/twilio/sms/incoming` });

  const headers = { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' };
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${url}/api/v1${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json().catch(() => ({}))) as { id?: string } };
  };
  const created = async (path: string, body: unknown): Promise<string> => {
    const res = await post(path, body);
    if (res.status !== 201 || !res.body.id) throw new Error(`POST ${path} → ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body.id;
  };

  const userId = await created('/users', {
    name: 'Bench On-Call',
    email: `bench-${randomBytes(3).toString('hex')}@example.test`,
    phone: ON_CALL_PHONE,
    notificationPrefs: { channels: ['phone_call'] },
  });
  const scheduleId = await created('/schedules', {
    name: 'Bench rotation',
    timezone: 'UTC',
    rotationType: 'weekly',
    handoffTime: '09:00',
    startDate: '2020-01-06',
    members: [{ userId }],
  });
  const policyId = await created('/escalation-policies', {
    name: 'Bench policy',
    levels: [{ targets: [{ type: 'schedule', id: scheduleId }], delayMinutes: 30, repeatCount: 0, retryIntervalMinutes: 0 }],
  });

  return {
    url,
    sim,
    policyId,
    servicePids: children.flatMap((c) => (c.pid ? [c.pid] : [])),
    async trigger(title) {
      const res = await post('/alerts', { title, severity: 'critical', source: 'bench', escalationPolicyId: policyId });
      return { status: res.status, id: res.body.id };
    },
    callArrivals() {
      const out = new Map<string, number>();
      for (const r of sim.records.requests) {
        if (r.method !== 'POST' || !r.path.endsWith('/Calls.json') || typeof r.params.Url !== 'string') continue;
        // The page URL carries the attempt key, whose first part is the alert id.
        const alertId = new URL(r.params.Url).searchParams.get('attempt')?.split(':')[0];
        if (alertId && !out.has(alertId)) out.set(alertId, r.at);
      }
      return out;
    },
    async callActivityStarts(alertIds) {
      const starts: number[] = [];
      for (const id of alertIds) {
        const events = (await temporal.workflow.getHandle(`alert:${id}`).fetchHistory()).events ?? [];
        const scheduled = events.find((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'placeCall');
        const started = events.find((e) => e.activityTaskStartedEventAttributes && String(e.activityTaskStartedEventAttributes.scheduledEventId) === String(scheduled?.eventId));
        const t = started?.eventTime;
        if (t) starts.push(Number(t.seconds) * 1000 + Math.floor((t.nanos ?? 0) / 1e6));
      }
      return starts;
    },
    async stop() {
      await stopAll();
      const client = new mongo.MongoClient(mongoUrl.toString());
      await client.connect();
      await client.db().dropDatabase().catch(() => undefined);
      await client.close();
    },
  };
}

import { randomBytes, randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { temporal as proto } from '@temporalio/proto';
import { mongo } from 'mongoose';
import { startTwilioSimulator, type TwilioSimulator } from '../src/telephony/simulator';
import { freePort } from '../scripts/services/free-port';
import { spawnService, type ChildService } from '../scripts/services/child-service';
import { waitUntilReady } from '../scripts/services/readiness';
import { protoMs } from './bench-kit';

const ACCOUNT_SID = `AC${'be0c'.repeat(8)}`;
const AUTH_TOKEN = 'bench-twilio-auth-token';
export const ADMIN_TOKEN = 'bench-admin-token-0123456789abcdef';
const FROM_NUMBER = '+15550001000';
const ON_CALL_PHONE = '+15550002000';
/** In 'ring' mode a simulated second lasts 10 s, so a page rings (60 simulated s) for 10 minutes: past any run. */
const SLOW_SIM_SECOND_MS = 10_000;
const RING_FOREVER_SECONDS = 3600;

export interface CallStages {
  workflowStarted?: number;
  callScheduled?: number;
  callStarted?: number;
}

export interface PagingStack {
  url: string;
  sim: TwilioSimulator;
  policyId: string;
  /** Fires one alert; resolves with the HTTP status and the alert id (REST, when accepted) or its dedup key (/v2/enqueue). */
  trigger(title: string): Promise<{ status: number; id?: string; dedupKey?: string }>;
  /** Alert ids by dedup key, read from the service's database (for alerts sent to /v2/enqueue). */
  alertIdsByDedupKey(keys: string[]): Promise<Map<string, string>>;
  /** Calls.json requests the simulator received, as (alertId, arrival ms). */
  callArrivals(): Map<string, number>;
  /**
   * When each alert's call went to Twilio, bundles included: a bundle call's Calls.json counts for every alert it
   * carries (read from the service's page bundles). An alert that joined a call already ringing gets that call's
   * earlier arrival; the caller can tell those apart by comparing with when it sent the alert.
   */
  pageArrivals(): Promise<Map<string, number>>;
  /** When the workers started each alert's first placeCall activity (from the workflow histories). */
  callActivityStarts(alertIds: string[]): Promise<number[]>;
  /** Per alert, from its workflow history (server clock, ms): when it started, and its first placeCall was scheduled and started. */
  callStages(alertIds: string[]): Promise<Map<string, CallStages>>;
  /** Workflow history events per alert, by event type, averaged over these alerts' workflows (what the server stores). */
  historyEvents(alertIds: string[]): Promise<Record<string, number>>;
  /** The service's own processes (API and worker), to tell their CPU use apart. */
  servicePids: number[];
  /** The worker's health server (/healthz, /metrics) and pid; in 'single' topology the one process's. */
  workerHealthUrl: string;
  workerPid?: number;
  /** The service's own database. */
  serviceMongoUri: string;
  /** POST /api/v1<path> as the admin; resolves with the new id (throws unless 201). */
  created(path: string, body: unknown): Promise<string>;
  /** Fires one critical alert on the given policy (POST /api/v1/alerts). */
  /** An alert on one policy (critical unless `severity` says otherwise). */
  triggerOn(policyId: string, title: string, severity?: 'critical' | 'high' | 'medium' | 'low'): Promise<{ status: number; id?: string }>;
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
  /** People on call, each with their own schedule and policy; alerts go round-robin, so each pages a different person (1). */
  people?: number;
  /** Their notification preferences (['phone_call']). */
  /** 'rest': POST /api/v1/alerts (default); 'enqueue': PagerDuty's /v2/enqueue, one service (routing key) per person. */
  ingest?: 'rest' | 'enqueue';
  /** More environment for the service (e.g. TEMPORAL_MAX_CACHED_WORKFLOWS). */
  env?: Record<string, string>;
  channels?: Array<'phone_call' | 'sms'>;
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
    // The load is the point: the ingestion rate limit is set above it.
    RATE_LIMIT_EVENTS_PER_MINUTE: '1000000',
    LOG_LEVEL: 'error',
    ...opts.env,
  };
  const children: ChildService[] = [];
  let workerHealthUrl = '';
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
      if (role !== 'api') workerHealthUrl = `http://127.0.0.1:${healthPort}`;
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

  const policyIds: string[] = [];
  const routingKeys: string[] = [];
  for (let i = 0; i < (opts.people ?? 1); i++) {
    const userId = await created('/users', {
      name: `Bench On-Call ${i}`,
      email: `bench-${randomBytes(3).toString('hex')}@example.test`,
      phone: i === 0 ? ON_CALL_PHONE : `+1555003${String(i).padStart(4, '0')}`,
      notificationPrefs: { channels: opts.channels ?? ['phone_call'] },
    });
    const scheduleId = await created('/schedules', {
      name: `Bench rotation ${i}`,
      timezone: 'UTC',
      rotationType: 'weekly',
      handoffTime: '09:00',
      startDate: '2020-01-06',
      members: [{ userId }],
    });
    policyIds.push(
      await created('/escalation-policies', {
        name: `Bench policy ${i}`,
        levels: [{ targets: [{ type: 'schedule', id: scheduleId }], delayMinutes: 30, repeatCount: 0, retryIntervalMinutes: 0 }],
      }),
    );
    if (opts.ingest === 'enqueue') {
      const res = await post('/services', { name: `Bench service ${i}`, escalationPolicyId: policyIds.at(-1) });
      const key = (res.body as { routingKey?: string }).routingKey;
      if (res.status !== 201 || !key) throw new Error(`POST /services → ${res.status}: ${JSON.stringify(res.body)}`);
      routingKeys.push(key);
    }
  }
  let next = 0;
  /** The first Calls.json request per key that `keyOf` reads from the call's page URL (key → arrival ms). */
  const firstCallBy = (keyOf: (url: URL) => string | null | undefined): Map<string, number> => {
    const out = new Map<string, number>();
    for (const r of sim.records.requests) {
      if (r.method !== 'POST' || !r.path.endsWith('/Calls.json') || typeof r.params.Url !== 'string') continue;
      const key = keyOf(new URL(r.params.Url));
      if (key && !out.has(key)) out.set(key, r.at);
    }
    return out;
  };

  const stack: PagingStack = {
    url,
    sim,
    policyId: policyIds[0]!,
    workerHealthUrl,
    workerPid: children.at(-1)?.pid,
    serviceMongoUri: mongoUrl.toString(),
    created,
    async triggerOn(escalationPolicyId, title, severity = 'critical') {
      const res = await post('/alerts', { title, severity, source: 'bench', escalationPolicyId });
      return { status: res.status, id: res.body.id };
    },
    servicePids: children.flatMap((c) => (c.pid ? [c.pid] : [])),
    async trigger(title) {
      const n = next++;
      if (opts.ingest === 'enqueue') {
        const dedupKey = `bench-${randomUUID()}`;
        const body = { routing_key: routingKeys[n % routingKeys.length], event_action: 'trigger', dedup_key: dedupKey, payload: { summary: title, source: 'bench', severity: 'critical' } };
        const res = await fetch(`${url}/v2/enqueue`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
        await res.arrayBuffer();
        return { status: res.status, dedupKey };
      }
      const res = await post('/alerts', { title, severity: 'critical', source: 'bench', escalationPolicyId: policyIds[n % policyIds.length]! });
      return { status: res.status, id: res.body.id };
    },
    async alertIdsByDedupKey(keys) {
      const client = new mongo.MongoClient(mongoUrl.toString());
      try {
        await client.connect();
        const docs = await client.db().collection('alerts').find({ dedupKey: { $in: keys } }, { projection: { dedupKey: 1 } }).toArray();
        return new Map(docs.map((d) => [String(d.dedupKey), String(d._id)]));
      } finally {
        await client.close();
      }
    },
    callArrivals() {
      // The page URL carries the attempt key, whose first part is the alert id.
      return firstCallBy((url) => url.searchParams.get('attempt')?.split(':')[0]);
    },
    async pageArrivals() {
      const out = stack.callArrivals();
      const bundleCalls = firstCallBy((url) => url.searchParams.get('bundle'));
      if (bundleCalls.size === 0) return out;
      const client = new mongo.MongoClient(mongoUrl.toString());
      try {
        await client.connect();
        const bundles = client.db().collection<{ _id: string; members: { alertId: string }[] }>('pagebundles');
        for await (const b of bundles.find({ _id: { $in: [...bundleCalls.keys()] } }, { projection: { 'members.alertId': 1 } })) {
          const at = bundleCalls.get(b._id)!;
          for (const m of b.members) if (!out.has(m.alertId) || out.get(m.alertId)! > at) out.set(m.alertId, at);
        }
      } finally {
        await client.close();
      }
      return out;
    },
    async callActivityStarts(alertIds) {
      return [...(await stack.callStages(alertIds)).values()].flatMap((st) => (st.callStarted ? [st.callStarted] : []));
    },
    async callStages(alertIds) {
      const out = new Map<string, CallStages>();
      const ms = (t: Parameters<typeof protoMs>[0]) => (t ? protoMs(t) : undefined);
      // A deduplicated alert's workflow ID is its dedup key's, not alert:<id>: read them from the alerts.
      const client = new mongo.MongoClient(mongoUrl.toString());
      await client.connect();
      const docs = await client.db().collection('alerts').find({ _id: { $in: alertIds.map((id) => new mongo.ObjectId(id)) } }, { projection: { workflowId: 1 } }).toArray();
      await client.close();
      for (const d of docs) {
        const events = (await temporal.workflow.getHandle(String(d.workflowId)).fetchHistory().catch(() => undefined))?.events ?? [];
        const scheduled = events.find((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'placeCall');
        const started = events.find((e) => e.activityTaskStartedEventAttributes && String(e.activityTaskStartedEventAttributes.scheduledEventId) === String(scheduled?.eventId));
        out.set(String(d._id), { workflowStarted: ms(events[0]?.eventTime), callScheduled: ms(scheduled?.eventTime), callStarted: ms(started?.eventTime) });
      }
      return out;
    },
    async historyEvents(alertIds) {
      const counts: Record<string, number> = {};
      const client = new mongo.MongoClient(mongoUrl.toString());
      await client.connect();
      const docs = await client.db().collection('alerts').find({ _id: { $in: alertIds.map((id) => new mongo.ObjectId(id)) } }, { projection: { workflowId: 1 } }).toArray();
      await client.close();
      for (const [i, d] of docs.entries()) {
        const types: string[] = [];
        for (const e of (await temporal.workflow.getHandle(String(d.workflowId)).fetchHistory()).events ?? []) {
          const type = String(proto.api.enums.v1.EventType[e.eventType ?? 0] ?? e.eventType).replace(/^EVENT_TYPE_/, '');
          counts[type] = (counts[type] ?? 0) + 1 / docs.length;
          const what = e.markerRecordedEventAttributes?.details?.data?.payloads?.[0]?.data ?? e.activityTaskScheduledEventAttributes?.activityType?.name ?? e.workflowExecutionSignaledEventAttributes?.signalName;
          types.push(what ? `${type}(${typeof what === 'string' ? what : Buffer.from(what).toString().slice(0, 40)})` : type);
        }
        // BENCH_DUMP_HISTORY=1 prints one alert's history, event by event, to see what each task did.
        if (i === 0 && process.env.BENCH_DUMP_HISTORY) console.log(`  history of ${String(d.workflowId)}:\n    ${types.join('\n    ')}`);
      }
      return Object.fromEntries(Object.entries(counts).sort((a, b) => b[1] - a[1]).map(([k, n]) => [k, Math.round(n * 10) / 10]));
    },
    async stop() {
      await stopAll();
      const client = new mongo.MongoClient(mongoUrl.toString());
      await client.connect();
      await client.db().dropDatabase().catch(() => undefined);
      await client.close();
    },
  };
  return stack;
}

import { randomBytes, randomUUID } from 'node:crypto';
import { mongo } from 'mongoose';
import { spawnService } from '../scripts/services/child-service';
import { freePort } from '../scripts/services/free-port';
import { waitUntilReady } from '../scripts/services/readiness';

const ADMIN_TOKEN = 'bench-admin-token-0123456789abcdef';
const UP_TIMEOUT_MS = 120_000;

export interface ApiProcess {
  url: string;
  /** The service's database (its own, dropped on stop). */
  mongoUri: string;
  pid?: number;
  /** GET /api/v1<path>, body read and dropped; resolves with the status. */
  get(path: string): Promise<number>;
  /** POST /api/v1<path>; resolves with the new id, throws unless 201. */
  created(path: string, body: unknown): Promise<string>;
  stop(): Promise<void>;
}

/** The real API process (`src/main.ts api`, production mode) on loopback, with its own database; BENCH_SERVICE_NODE_ARGS adds node flags (e.g. --cpu-prof). */
export async function startApiProcess(services: { mongoUri: string; temporalAddress: string }): Promise<ApiProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const mongoUrl = new URL(services.mongoUri);
  mongoUrl.pathname = `/bench_${randomBytes(4).toString('hex')}`;
  const nodeArgs = process.env.BENCH_SERVICE_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawnService('nightline api', process.execPath, [...nodeArgs, '--import', 'tsx', 'src/main.ts', 'api'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      PUBLIC_URL: url,
      MONGODB_URI: mongoUrl.toString(),
      TEMPORAL_ADDRESS: services.temporalAddress,
      TEMPORAL_TASK_QUEUE: `bench-${randomUUID()}`,
      ADMIN_API_TOKEN: ADMIN_TOKEN,
      // Required by the config; this bench pages nobody.
      TWILIO_ACCOUNT_SID: `AC${'be0c'.repeat(8)}`,
      TWILIO_AUTH_TOKEN: 'bench-twilio-auth-token',
      TWILIO_FROM_NUMBER: '+15550001000',
      LOG_LEVEL: 'error',
    },
  });
  await waitUntilReady(child, `${url}/readyz`, async () => {
    const res = await fetch(`${url}/readyz`);
    if (!res.ok) throw new Error(`readyz answered ${res.status}`);
  }, UP_TIMEOUT_MS);
  const headers = { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' };
  return {
    url,
    mongoUri: mongoUrl.toString(),
    pid: child.pid,
    async get(path) {
      const res = await fetch(`${url}/api/v1${path}`, { headers });
      await res.arrayBuffer();
      return res.status;
    },
    async created(path, body) {
      const res = await fetch(`${url}/api/v1${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
      const json = (await res.json().catch(() => ({}))) as { id?: string };
      if (res.status !== 201 || !json.id) throw new Error(`POST ${path} → ${res.status}: ${JSON.stringify(json)}`);
      return json.id;
    },
    async stop() {
      await child.stop();
      const client = new mongo.MongoClient(mongoUrl.toString());
      await client.connect();
      await client.db().dropDatabase().catch(() => undefined);
      await client.close();
    },
  };
}

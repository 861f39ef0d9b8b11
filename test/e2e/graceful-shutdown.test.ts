import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import request from 'supertest';
import { startTwilioSimulator, type TwilioSimulator } from '../../src/telephony/simulator';
import { requireSetupEnv } from '../setup/env';
import { eventually } from '../fixtures/alerting.builders';
import { aPhone, userBody } from '../fixtures/builders';
import { startHeldProxy } from '../fixtures/held-proxy';
import { freePort } from '../fixtures/stack';

jest.setTimeout(240_000);

/**
 * The real service as two processes (`src/main.ts api` and `src/main.ts worker`), on the integration setup's
 * Mongo and Temporal dev server, dialling through a proxy that holds every new call for HOLD_MS.
 */
const HOLD_MS = 4_000;
const ROOT = join(__dirname, '..', '..');
const ADMIN = 'shutdown-admin-token-0123456789abcdef';
const SID = `AC${'5d0e'.repeat(8)}`;
const TWILIO_TOKEN = 'shutdown-twilio-auth-token';

interface Proc {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

let sim: TwilioSimulator;
let proxy: Awaited<ReturnType<typeof startHeldProxy>>;
const procs: Proc[] = [];
let env: Record<string, string>;
let apiUrl: string;

function start(role: 'api' | 'worker', extra: Record<string, string> = {}): Proc {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'main.ts'), role], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env, ...extra },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const p = { child, output: () => out, exited };
  procs.push(p);
  return p;
}

const jsonLines = (text: string) =>
  text
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);

async function ready(url: string, p: Proc, timeoutMs = 90_000) {
  await eventually(async () => {
    if (p.child.exitCode !== null) throw new Error(`exited early:\n${p.output().slice(-2000)}`);
    const r = await fetch(url);
    expect(r.status).toBe(200);
  }, timeoutMs, 250);
}

beforeAll(async () => {
  sim = await startTwilioSimulator({ accountSid: SID, authToken: TWILIO_TOKEN });
  proxy = await startHeldProxy(sim.baseUrl, (method, url) => method === 'POST' && url.endsWith('/Calls.json'), HOLD_MS);
  const port = await freePort();
  apiUrl = `http://127.0.0.1:${port}`;
  const db = new URL(requireSetupEnv('MONGODB_URI'));
  db.pathname = `/shutdown_${randomBytes(4).toString('hex')}`;
  env = {
    NODE_ENV: 'production',
    PORT: String(port),
    PUBLIC_URL: apiUrl,
    MONGODB_URI: db.toString(),
    TEMPORAL_ADDRESS: requireSetupEnv('TEMPORAL_ADDRESS'),
    TEMPORAL_TASK_QUEUE: `shutdown-${randomUUID()}`,
    TWILIO_ACCOUNT_SID: SID,
    TWILIO_AUTH_TOKEN: TWILIO_TOKEN,
    TWILIO_FROM_NUMBER: aPhone(),
    TWILIO_API_BASE_URL: proxy.url,
    ADMIN_API_TOKEN: ADMIN,
    LOG_LEVEL: 'debug',
  };
});
afterAll(async () => {
  for (const p of procs) if (p.child.exitCode === null) p.child.kill('SIGKILL');
  await proxy?.stop();
  await sim?.stop();
});

test('SIGTERM to the worker while it dials: the call completes once, the next worker takes over, the alert is acknowledged; SIGTERM to the API exits cleanly', async () => {
  const api = start('api');
  const firstWorker = start('worker', { WORKER_HEALTH_PORT: String(await freePort()) });
  await ready(`${apiUrl}/readyz`, api);
  const post = (path: string, body: object) => request(apiUrl).post(`/api/v1${path}`).set('Authorization', `Bearer ${ADMIN}`).send(body);

  const alice = (await post('/users', userBody({ name: 'Alice', notificationPrefs: { channels: ['phone_call'] } })).expect(201)).body;
  const bob = (await post('/users', userBody({ name: 'Bob', notificationPrefs: { channels: ['phone_call'] } })).expect(201)).body;
  const policy = (await post('/escalation-policies', {
    name: 'shutdown',
    levels: [alice, bob].map((u) => ({ targets: [{ type: 'user', id: u.id }], delayMinutes: 5, repeatCount: 0, retryIntervalMinutes: 0 })),
  }).expect(201)).body;
  sim.phone(alice.phone).answers({ pressDigits: ['1'] });

  // Wait for the worker to poll, page, and be caught with Alice's call held at the proxy.
  const alert = (await post('/alerts', { title: 'DB down', severity: 'critical', source: 'api-prod', escalationPolicyId: policy.id })).body;
  expect(alert.id).toMatch(/^[0-9a-f]{24}$/);
  await eventually(() => expect(proxy.seen.length).toBe(1), 120_000, 100);
  firstWorker.child.kill('SIGTERM');
  expect(await firstWorker.exited).toBe(0);

  // The held call went out before the worker stopped: exactly one, logged with the alert's ids.
  expect(sim.records.calls.filter((c) => c.to === alice.phone)).toHaveLength(1);
  const lines = jsonLines(firstWorker.output());
  expect(lines).toContainEqual(expect.objectContaining({ msg: 'page sent by phone_call', alertId: alert.id, workflowId: expect.any(String) }));
  expect(lines.some((l) => l.component === 'temporal' && l.sdkComponent === 'worker')).toBe(true);
  expect(lines.map((l) => l.msg)).toContain('stopped');
  expect(firstWorker.output()).not.toContain(alice.phone);

  // A second worker finishes the escalation: Alice's keypress (taken by the API meanwhile) acknowledges.
  const secondWorker = start('worker', { WORKER_HEALTH_PORT: String(await freePort()) });
  const got = await eventually(async () => {
    const r = await request(apiUrl).get(`/api/v1/alerts/${alert.id}`).set('Authorization', `Bearer ${ADMIN}`);
    expect(r.body.status).toBe('acknowledged');
    return r.body;
  }, 120_000, 250);
  expect(got.timeline.filter((e: { action: string }) => e.action === 'acknowledged')).toHaveLength(1);
  expect(sim.records.calls.filter((c) => c.to === alice.phone)).toHaveLength(1);
  expect(sim.records.calls.filter((c) => c.to === bob.phone)).toHaveLength(0);

  api.child.kill('SIGTERM');
  secondWorker.child.kill('SIGTERM');
  expect(await api.exited).toBe(0);
  expect(await secondWorker.exited).toBe(0);
  await expect(fetch(`${apiUrl}/healthz`)).rejects.toThrow();
});

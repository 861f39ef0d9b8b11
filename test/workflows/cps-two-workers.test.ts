import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Connection } from 'mongoose';
import { createAlertRepository } from '../../src/db/alert.repository';
import { startTwilioSimulator, type TwilioSimulator } from '../../src/telephony/simulator';
import { createAlertEngine } from '../../src/temporal/alert-engine';
import { WORKFLOWS_PATH } from '../../src/temporal/worker';
import { requireSetupEnv } from '../setup/env';
import { closeTestDb, connectTestDb } from '../setup/mongo';
import { bundleWorkflows, createDevServerEnv } from '../setup/temporal';
import { buildLevel, buildPerson, buildPolicy } from '../fixtures/escalation.fixtures';
import { eventually } from './escalation.harness';

jest.setTimeout(180_000);

/**
 * Twilio's calls-per-second limit is per account: TWO worker processes polling the same calls queue, against
 * the simulator, must together stay under it. Measured where it matters: when each Calls.json request
 * reached the simulator.
 */
const ACCOUNT_SID = `AC${'c95c'.repeat(8)}`;
const AUTH_TOKEN = 'cps-two-workers-token';
const phoneOnly = { notificationPrefs: { channels: ['phone_call' as const] } };
const people = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'].map((id) => buildPerson(id, phoneOnly));

let dir: string;
let conn: Connection;
let env: TestWorkflowEnvironment;
let sim: TwilioSimulator;
const children: ChildProcess[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nightline-cps-'));
  writeFileSync(join(dir, 'workflows.js'), (await bundleWorkflows(WORKFLOWS_PATH)).code);
  conn = await connectTestDb('cps2');
  env = await createDevServerEnv();
  sim = await startTwilioSimulator({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await sim?.stop();
  await env?.teardown();
  if (conn) await closeTestDb(conn);
  rmSync(dir, { recursive: true, force: true });
});

function startWorker(taskQueue: string, log: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'cps-worker.ts')], {
    env: {
      ...process.env,
      MONGODB_URI: requireSetupEnv('MONGODB_URI'),
      DB_NAME: conn.name,
      TEMPORAL_ADDRESS: requireSetupEnv('TEMPORAL_ADDRESS'),
      TASK_QUEUE: taskQueue,
      PEOPLE: JSON.stringify(people),
      BUNDLE_PATH: join(dir, 'workflows.js'),
      SIM_URL: sim.baseUrl,
      SIM_ACCOUNT_SID: ACCOUNT_SID,
      SIM_AUTH_TOKEN: AUTH_TOKEN,
      CALLS_PER_SECOND: '1',
      DIAL_LOG: log,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      output += d.toString();
      if (output.includes('WORKER READY')) resolve(child);
    });
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    child.on('exit', (code, signal) => reject(new Error(`worker exited (${code ?? signal}) before it was ready:\n${output.slice(-3000)}`)));
  });
}

test('with a limit of 1 call per second and two worker processes, no second at Twilio holds more than one call', async () => {
  const taskQueue = `cps2-${randomUUID()}`;
  const log = join(dir, `${taskQueue}.jsonl`);
  await Promise.all([startWorker(taskQueue, log), startWorker(taskQueue, log)]);
  const engine = createAlertEngine({ client: env.client, alerts: createAlertRepository(conn), taskQueue });
  const policy = buildPolicy([buildLevel(people.map((p) => p.id), { delayMinutes: 30 })]);
  const alerts = await Promise.all([1, 2].map((n) => engine.trigger({ title: `DB down ${n}`, severity: 'critical', source: 'test', escalationPolicyId: 'p-cps', policy })));

  const arrivals = () => sim.records.requests.filter((r) => r.method === 'POST' && r.path === '/Calls.json').map((r) => r.at);
  await eventually(() => expect(arrivals()).toHaveLength(2 * people.length), 90_000);

  const at = arrivals().sort((a, b) => a - b);
  const gaps = at.slice(1).map((t, i) => t - at[i]!);
  expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1000);
  const pids = new Set(existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { pid: number }).pid) : []);
  expect(pids.size).toBe(2); // both workers dialled: the limit held across processes, not inside one

  for (const a of alerts) await engine.resolve(a.alertId, 'p1', 'api');
});

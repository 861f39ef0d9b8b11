import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Connection } from 'mongoose';
import { createAlertRepository } from '../../src/db/alert.repository';
import { createNotificationAttemptRepository } from '../../src/db/notification-attempt.repository';
import { createAlertEngine } from '../../src/temporal/alert-engine';
import { WORKFLOWS_PATH } from '../../src/temporal/worker';
import { closeTestDb, connectTestDb } from '../setup/mongo';
import { requireSetupEnv } from '../setup/env';
import { bundleWorkflows, createDevServerEnv } from '../setup/temporal';
import { buildLevel, buildPerson, buildPolicy } from '../fixtures/escalation.fixtures';
import { eventually } from './escalation.harness';

jest.setTimeout(120_000);

/**
 * A real worker process is SIGKILLed while it dials level 1, mid-escalation, on the real dev server
 * (real time: levels are 6 seconds apart). A new process takes over: the level timers kept running on
 * the server, the interrupted step is reconciled with the provider (no second call), and later levels follow on schedule.
 */
const LEVEL_MS = 6_000;
const phoneOnly = { notificationPrefs: { channels: ['phone_call' as const] } };
const people = ['alice', 'bob', 'carol'].map((id) => buildPerson(id, phoneOnly));

let dir: string;
let conn: Connection;
let env: TestWorkflowEnvironment;
const children: ChildProcess[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nightline-sigkill-'));
  writeFileSync(join(dir, 'workflows.js'), (await bundleWorkflows(WORKFLOWS_PATH)).code);
  conn = await connectTestDb('sigkill');
  env = await createDevServerEnv();
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await env?.teardown();
  if (conn) await closeTestDb(conn);
  rmSync(dir, { recursive: true, force: true });
});

function startWorkerProcess(taskQueue: string, holdFirstCall: boolean): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'sigkill-worker.ts')], {
    env: {
      ...process.env,
      MONGODB_URI: requireSetupEnv('MONGODB_URI'),
      DB_NAME: conn.name,
      TEMPORAL_ADDRESS: requireSetupEnv('TEMPORAL_ADDRESS'),
      TASK_QUEUE: taskQueue,
      PEOPLE: JSON.stringify(people),
      DIAL_LOG: join(dir, 'dials.jsonl'),
      BUNDLE_PATH: join(dir, 'workflows.js'),
      HOLD_FIRST_CALL: holdFirstCall ? '1' : '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      output += d.toString();
      if (output.includes('WORKER READY')) resolve(child);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    child.on('exit', (code, signal) => reject(new Error(`worker exited (${code ?? signal}) before it was ready:\n${output.slice(-3000)}`)));
  });
}

interface Dial {
  kind: string;
  to: string;
  key: string;
  at: number;
}
const dials = (): Dial[] => {
  const file = join(dir, 'dials.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Dial);
};
const who = (d: Dial) => people.find((p) => p.phone === d.to)?.id;

test('a worker killed with SIGKILL mid-escalation is replaced, the escalation continues on schedule, and nobody is called twice', async () => {
  const taskQueue = `sigkill-${randomUUID()}`;
  const alerts = createAlertRepository(conn);
  const engine = createAlertEngine({ client: env.client, alerts, taskQueue });
  const first = await startWorkerProcess(taskQueue, true);

  const minutes = LEVEL_MS / 60_000;
  const policy = buildPolicy(['alice', 'bob', 'carol'].map((id) => buildLevel([id], { delayMinutes: minutes })));
  const t0 = Date.now();
  const { alertId } = await engine.trigger({ title: 'DB down', severity: 'critical', source: 'test', escalationPolicyId: 'p-sigkill', policy });

  await eventually(() => expect(dials().map(who)).toEqual(['alice']), 20_000);
  first.kill('SIGKILL'); // alice's phone rings, but the activity never reports back
  await new Promise((r) => first.once('exit', r));
  await new Promise((r) => setTimeout(r, 2_000)); // an outage: timers keep running on the server

  await startWorkerProcess(taskQueue, false);
  await eventually(() => expect(dials().map(who)).toEqual(['alice', 'bob', 'carol']), 60_000);

  const [alice, bob, carol] = dials();
  expect(new Set(dials().map((d) => d.key)).size).toBe(3);
  // Bob's level began when level 1 timed out, even though no worker was alive at that moment.
  expect(bob!.at - t0).toBeGreaterThanOrEqual(LEVEL_MS);
  // Carol follows bob by one level delay (a little more for the workflow task and activity round trips).
  expect(carol!.at - bob!.at).toBeGreaterThanOrEqual(LEVEL_MS - 500);
  expect(carol!.at - bob!.at).toBeLessThan(LEVEL_MS + 4_000);

  // The interrupted step was retried once its heartbeat stopped: it asked the provider, found the call the
  // killed worker had placed, and said so instead of dialling again (at least once, reconciled).
  await eventually(async () => {
    const doc = await alerts.findById(alertId);
    const placed = doc?.timeline.find((t) => t.key === `notified:${alice!.key}`);
    expect(placed?.details).toMatch(/reconciled: placed earlier/);
  }, 60_000);
  expect(dials()).toHaveLength(3);
  const attempts = await createNotificationAttemptRepository(conn).listForAlert(alertId);
  expect(attempts.map((a) => `${a.userId}:${a.channel}`).sort()).toEqual(['alice:phone_call', 'bob:phone_call', 'carol:phone_call']);

  expect(await engine.resolve(alertId, 'alice', 'api')).toMatchObject({ ok: true });
});

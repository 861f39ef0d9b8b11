import { randomUUID } from 'node:crypto';
import { Client, Connection as TemporalConnection } from '@temporalio/client';
import type { Connection } from 'mongoose';
import { alertModel } from '../../src/db/alert.model';
import { createAlertOutbox } from '../../src/db/alert-outbox.repository';
import type { Severity } from '../../src/domain/escalation.types';
import { START_CLAIMERS, createStartOutbox, type StartOutbox } from '../../src/temporal/start-outbox';
import { closeTestDb, connectTestDb } from '../setup/mongo';
import { requireSetupEnv } from '../setup/env';
import { warmUpDatabase } from '../fixtures/stack-warmup';
import { eventually } from '../fixtures/alerting.builders';
import { buildLevel, buildPerson, buildPolicy, memoryDirectory } from '../fixtures/escalation.fixtures';
import type { TargetDirectory } from '../../activities/ports';
import type { AlertWorkflowInput } from '../../workflows/alert-context';

jest.setTimeout(90_000);

/**
 * The start outbox against the real Mongo-wire server and the real Temporal dev server. No worker polls
 * these task queues: a start only needs the server, so the workflows stay as started.
 */
let conn: Connection;
let client: Client;
const outboxes: StartOutbox[] = [];

beforeAll(async () => {
  conn = await connectTestDb('outbox');
  await warmUpDatabase(conn);
  client = new Client({ connection: await TemporalConnection.connect({ address: requireSetupEnv('TEMPORAL_ADDRESS') }) });
});
afterEach(async () => {
  for (const o of outboxes.splice(0)) await o.stop();
  // No worker will ever run these: end them rather than leave them on the shared dev server.
  const docs = await alertModel(conn).find({ startedAt: { $exists: true } }, { workflowId: 1 }).lean();
  await Promise.all(docs.map((d) => client.workflow.getHandle(d.workflowId).terminate('test over').catch(() => undefined)));
  await alertModel(conn).deleteMany({});
});
afterAll(async () => {
  await client?.connection.close();
  if (conn) await closeTestDb(conn);
});

const policy = buildPolicy([buildLevel(['alice'])]);

function anOutbox(taskQueue: string, over: { concurrency?: number; leaseMs?: number; sweepMs?: number; onClaim?: () => void; claimDelayMs?: number } = {}): StartOutbox {
  const repo = createAlertOutbox(conn);
  const { onClaim, claimDelayMs, ...opts } = over;
  // claimDelayMs stands for a slow store: the claim query answers that much later.
  const claimNext = async (...a: Parameters<typeof repo.claimNext>) => {
    onClaim?.();
    if (claimDelayMs) await new Promise((r) => setTimeout(r, claimDelayMs));
    return repo.claimNext(...a);
  };
  const counted = onClaim || claimDelayMs ? { ...repo, claimNext } : repo;
  const o = createStartOutbox({ client, outbox: counted, taskQueue, ...opts });
  outboxes.push(o);
  return o;
}
const trigger = (severity: Severity, title: string, dedupKey?: string) => ({ title, severity, source: 'test', escalationPolicyId: policy.id ?? 'p', serviceId: 'svc-1', dedupKey, policy });

const docOf = (id: string) => alertModel(conn).findById(id).lean().exec();

test('with a backlog, the dispatcher starts critical alerts first, then high, medium and low, each oldest first', async () => {
  const taskQueue = `outbox-order-${randomUUID()}`;
  const outbox = anOutbox(taskQueue, { concurrency: 1 });
  // Accepted while no dispatcher runs: the backlog a storm leaves behind.
  const order: Array<[Severity, string]> = [['low', 'l1'], ['medium', 'm1'], ['critical', 'c1'], ['high', 'h1'], ['low', 'l2'], ['critical', 'c2'], ['medium', 'm2'], ['high', 'h2']];
  const ids = new Map<string, string>();
  for (const [severity, title] of order) {
    ids.set(title, (await outbox.accept(trigger(severity, `${title} ${taskQueue}`))).alertId);
    await new Promise((r) => setTimeout(r, 5)); // distinct creation times
  }
  for (const id of ids.values()) expect(await docOf(id)).toMatchObject({ startPending: true, status: 'triggered' });

  await outbox.start();
  const started = await eventually(async () => {
    const docs = await alertModel(conn).find({ _id: { $in: [...ids.values()] } }).lean();
    expect(docs.every((d) => d.startedAt && !d.startPending)).toBe(true);
    return docs;
  }, 60_000);
  const titleOf = (id: string) => [...ids].find(([, v]) => v === id)![0];
  const byStart = [...started].sort((a, b) => a.startedAt!.getTime() - b.startedAt!.getTime()).map((d) => titleOf(String(d._id)));
  expect(byStart).toEqual(['c1', 'c2', 'h1', 'h2', 'm1', 'm2', 'l1', 'l2']);
  // Each alert has its own running workflow whose memo names it.
  const d = await client.workflow.getHandle(`alert:${ids.get('c1')}`).describe();
  expect(d.memo).toMatchObject({ alertId: ids.get('c1') });
});

test('a backlog of 40 starts is drained by claim queries, about one per start, through two lanes', async () => {
  const taskQueue = `outbox-burst-${randomUUID()}`;
  let claims = 0;
  const outbox = anOutbox(taskQueue, { concurrency: 2, sweepMs: 60_000, onClaim: () => claims++ });
  // Accepted before the dispatcher runs, so all 40 wait in MongoDB (as when every lane is busy).
  const accepted = await Promise.all(Array.from({ length: 40 }, (_, i) => outbox.accept(trigger(i % 4 === 0 ? 'critical' : 'low', `burst ${i} ${taskQueue}`))));
  await outbox.start();

  await eventually(async () => {
    const docs = await alertModel(conn).find({ _id: { $in: accepted.map((a) => a.alertId) } }, { startedAt: 1, startPending: 1 }).lean();
    expect(docs.filter((d) => d.startedAt && !d.startPending)).toHaveLength(40);
  }, 60_000);
  // One claim per start, plus at most a look that finds none per claiming lane (and another when a wake came
  // meanwhile): never lanes re-querying in a loop.
  expect(claims).toBeGreaterThanOrEqual(40);
  expect(claims).toBeLessThanOrEqual(40 + 2 * START_CLAIMERS);
});

test('repeat triggers fold into the open alert in MongoDB, and its workflow learns the count', async () => {
  const taskQueue = `outbox-fold-${randomUUID()}`;
  const outbox = anOutbox(taskQueue);
  await outbox.start();
  const key = `disk-full-${taskQueue}`;
  const first = await outbox.accept(trigger('high', 'Disk full', key));
  const repeats = await Promise.all(Array.from({ length: 9 }, () => outbox.accept(trigger('high', 'Disk full', key))));
  expect(first.deduplicated).toBe(false);
  expect(repeats.every((r) => r.deduplicated && r.alertId === first.alertId)).toBe(true);
  expect(new Set(repeats.map((r) => r.count))).toEqual(new Set([2, 3, 4, 5, 6, 7, 8, 9, 10]));
  const doc = await docOf(first.alertId);
  expect(doc).toMatchObject({ count: 10, openKey: `dedup:svc-1:${key}` });
  expect(doc!.timeline.filter((e) => e.action === 'deduplicated')).toHaveLength(9);
  expect(await alertModel(conn).countDocuments({ dedupKey: key })).toBe(1);
  // The started workflow is told (batched signal), and the mark is cleared.
  await eventually(async () => {
    const d = await docOf(first.alertId);
    expect([d?.startPending, d?.foldPending]).toEqual([undefined, undefined]);
  }, 30_000);
  const history = await client.workflow.getHandle(`dedup:svc-1:${key}`).fetchHistory();
  const told = history.events!.filter((e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'foldedTriggers');
  expect(told.length).toBeGreaterThan(0);
});

test('a new alert starts with its first level looked up while it was written; a repeat folded on accept looks nobody up', async () => {
  const taskQueue = `outbox-prefetch-${randomUUID()}`;
  const people = memoryDirectory([buildPerson('alice')]);
  const lookups: string[] = [];
  const order: string[] = [];
  const directory: TargetDirectory = { ...people, getUser: (id) => (lookups.push(id), order.push('lookup'), people.getUser(id)) };
  const repo = createAlertOutbox(conn);
  const written = { ...repo, accept: async (...a: Parameters<typeof repo.accept>) => repo.accept(...a).finally(() => order.push('written')) };
  const outbox = createStartOutbox({ client, outbox: written, taskQueue, directory });
  outboxes.push(outbox);
  await outbox.start();
  const key = `cpu-${taskQueue}`;
  const first = await outbox.accept({ ...trigger('high', 'CPU hot', key), foldTried: true });
  await eventually(async () => expect((await docOf(first.alertId))?.startPending).toBeUndefined(), 30_000);
  const history = await client.workflow.getHandle(`dedup:svc-1:${key}`).fetchHistory();
  const payload = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0]?.data;
  const input = JSON.parse(Buffer.from(payload ?? []).toString()) as AlertWorkflowInput;
  expect(input.firstTargets?.resolved.people.map((p) => p.id)).toEqual(['alice']);
  expect([input.triggerEventAfterFirstPage, input.planEventsWithProjection, input.settledBatches]).toEqual([true, true, true]);
  expect(lookups).toEqual(['alice']);
  expect(order).toEqual(['lookup', 'written']); // looked up alongside the write, not after it
  const repeat = await outbox.accept(trigger('high', 'CPU hot', key)); // not tried by the caller: accept folds it
  expect(repeat.deduplicated).toBe(true);
  expect(lookups).toEqual(['alice']);
});

test('two API replicas accepting the same new dedup key at once open exactly one alert', async () => {
  const taskQueue = `outbox-replicas-${randomUUID()}`;
  const [a, b] = [anOutbox(taskQueue), anOutbox(taskQueue)];
  await Promise.all([a.start(), b.start()]);
  const key = `link-down-${taskQueue}`;
  const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).accept(trigger('critical', 'Link down', key))));
  expect(results.filter((r) => !r.deduplicated)).toHaveLength(1);
  expect(new Set(results.map((r) => r.alertId)).size).toBe(1);
  expect(await alertModel(conn).countDocuments({ dedupKey: key })).toBe(1);
  await eventually(async () => expect((await docOf(results[0]!.alertId))?.startedAt).toBeTruthy(), 30_000);
});

test('a trigger after the alert resolved opens a new alert with the same dedup key', async () => {
  const taskQueue = `outbox-reopen-${randomUUID()}`;
  const outbox = anOutbox(taskQueue);
  const key = `cpu-${taskQueue}`;
  const first = await outbox.accept(trigger('medium', 'CPU hot', key));
  await outbox.release(first.alertId);
  await alertModel(conn).updateOne({ _id: first.alertId }, { $set: { status: 'resolved' } });
  const second = await outbox.accept(trigger('medium', 'CPU hot', key));
  expect(second).toMatchObject({ deduplicated: false, count: 1 });
  expect(second.alertId).not.toBe(first.alertId);
});

test('a start whose dispatcher died mid-start is taken over once its lease lapses, and started once', async () => {
  const taskQueue = `outbox-lease-${randomUUID()}`;
  const dead = createAlertOutbox(conn);
  const accepted = await anOutbox(taskQueue).accept(trigger('critical', 'Orphan', `orphan-${taskQueue}`));
  // A dispatcher claimed it (for 2 s) and died before starting it.
  expect(await dead.claim(accepted.alertId, 'dead-process', 2_000)).not.toBeNull();
  const survivor = anOutbox(taskQueue, { sweepMs: 500 });
  await survivor.start();
  await new Promise((r) => setTimeout(r, 1_000));
  expect((await docOf(accepted.alertId))?.startPending).toBe(true);
  await eventually(async () => expect((await docOf(accepted.alertId))?.startedAt).toBeTruthy(), 30_000);
  const handle = client.workflow.getHandle(`dedup:svc-1:orphan-${taskQueue}`);
  const run = (await handle.describe()).runId;
  // A second dispatcher starting it again (as if the first died after starting) changes nothing.
  await alertModel(conn).updateOne({ _id: accepted.alertId }, { $set: { startPending: true, startLeaseUntil: new Date(0) } });
  const again = anOutbox(taskQueue);
  await again.start();
  await eventually(async () => expect((await docOf(accepted.alertId))?.startPending).toBeUndefined(), 30_000);
  expect(await handle.describe()).toMatchObject({ runId: run, memo: { alertId: accepted.alertId } });
});

test('a slow claim query stretches the sweep, so the sweep holds the alerts collection at most about 1/20 of the time', async () => {
  /** Claims made from 1 s to 4 s after start (the first second has the start-up's own looks). */
  const sweeping = async (claimDelayMs?: number) => {
    const claims: number[] = [];
    const outbox = anOutbox(`outbox-sweep-${randomUUID()}`, { sweepMs: 50, onClaim: () => claims.push(Date.now()), ...(claimDelayMs ? { claimDelayMs } : {}) });
    const t0 = Date.now();
    await outbox.start();
    await new Promise((r) => setTimeout(r, 4_000));
    await outbox.stop();
    return claims.filter((t) => t - t0 >= 1_000).map((t) => t - t0);
  };
  // A quick store: the sweep looks every 50 ms, as configured.
  expect((await sweeping()).length).toBeGreaterThan(20);
  // Each look takes 100 ms: the next sweep waits 20 x 100 ms, so at most two looks in those 3 s, 2 s apart.
  const slow = await sweeping(100);
  expect(slow.length).toBeGreaterThanOrEqual(1);
  expect(slow.length).toBeLessThanOrEqual(2);
  if (slow.length === 2) expect(slow[1]! - slow[0]!).toBeGreaterThanOrEqual(1_900);
});

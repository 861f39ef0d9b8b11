/**
 * Read paths under a big history (prints figures, asserts nothing): `npm run bench:history`.
 * Bulk-inserts ALERTS alerts (services, severities, statuses, timelines) and their notification attempts
 * (a call and an SMS each, what the fatigue report reads) spread over two years, then times the alert list
 * with filters and pagination and the fatigue report over HTTP (REQUESTS each; target p99 <= 100 ms), and
 * shows which index each query uses: explain()'s winning plan where the server has one, else the planner
 * rule of bench/index-plan.ts over the indexes the mongoose schemas declare; on the embedded Mongo-wire server,
 * also what actually served each query shape (bench/served-by.ts: an index, or a scan). A past month's fatigue report
 * rolls the month up into the fatigue ledger on its first read: those first reads are timed on their own.
 * Options: --alerts=200000 (BENCH_ALERTS), --requests=200 (BENCH_REQUESTS), --only=<text> (the queries whose
 * name holds it), --on-disk (Mongo-wire on its H2 file, as `npm run dev`), --json=<file>. Uses MONGODB_URI
 * when set (a real MongoDB prints real plans).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { mongo, Types } from 'mongoose';
import { alertSchema } from '../src/db/alert.model';
import { notificationAttemptSchema } from '../src/db/notification-attempt.model';
import { startServices } from '../scripts/services/start-services';
import { flagValue, numberOption, percentiles, writeResults, type Percentiles } from './bench-kit';
import { startApiProcess, type ApiProcess } from './api-process';
import { choosePlan, type IndexKeys, type QueryShape } from './index-plan';
import { waitUntilQuiet } from './cpu-usage';
import { ServedBy } from './served-by';

const ALERTS = Math.floor(numberOption('alerts', 'BENCH_ALERTS', 200_000));
const REQUESTS = Math.floor(numberOption('requests', 'BENCH_REQUESTS', 200));
/** Only the queries whose name holds this text (`--only=fatigue`); all of them when absent. */
const ONLY = flagValue('only');
const DAY = 86_400_000;
const SPAN_DAYS = 730;
const SERVICES = 10;
const PEOPLE = 20;
const SEVERITY_MIX = ['critical', 'high', 'high', 'medium', 'medium', 'medium', 'low', 'low', 'low', 'low'] as const;

interface Seeded {
  serviceIds: string[];
  policyIds: string[];
  scheduleId: string;
  newest: number;
}

async function seedPeople(api: ApiProcess): Promise<{ userIds: string[]; scheduleId: string; policyIds: string[] }> {
  const userIds: string[] = [];
  for (let i = 0; i < PEOPLE; i++) {
    userIds.push(await api.created('/users', { name: `History Person ${i}`, email: `history-${i}-${randomBytes(3).toString('hex')}@example.test`, phone: `+1555010${String(i).padStart(4, '0')}` }));
  }
  const scheduleId = await api.created('/schedules', {
    name: 'History rotation', timezone: 'UTC', rotationType: 'weekly', handoffTime: '09:00', startDate: '2020-01-06', members: userIds.map((userId) => ({ userId })),
  });
  const policyIds: string[] = [];
  for (let i = 0; i < SERVICES; i++) {
    policyIds.push(await api.created('/escalation-policies', { name: `History policy ${i}`, levels: [{ targets: [{ type: 'schedule', id: scheduleId }], delayMinutes: 5, repeatCount: 0, retryIntervalMinutes: 0 }] }));
  }
  return { userIds, scheduleId, policyIds };
}

/** Writes ALERTS alerts and 2 attempts each with the driver, in batches, as the projection would have left them. */
async function seedHistory(db: mongo.Db, people: { userIds: string[]; scheduleId: string; policyIds: string[] }): Promise<Seeded> {
  const serviceIds = people.policyIds.map(() => new Types.ObjectId().toHexString());
  const newest = Date.now();
  const BATCH = 2_000;
  const started = Date.now();
  for (let from = 0; from < ALERTS; from += BATCH) {
    const alerts: Record<string, unknown>[] = [];
    const attempts: Record<string, unknown>[] = [];
    for (let i = from; i < Math.min(ALERTS, from + BATCH); i++) {
      const _id = new Types.ObjectId();
      const id = _id.toHexString();
      const createdAt = new Date(newest - ((ALERTS - i) / ALERTS) * SPAN_DAYS * DAY);
      const s = i % SERVICES;
      const user = people.userIds[i % PEOPLE]!;
      const open = ALERTS - i <= 500;
      const status = open ? (i % 2 ? 'triggered' : 'acknowledged') : 'resolved';
      const ackAt = new Date(createdAt.getTime() + 60_000 + (i % 600) * 1000);
      const resolvedAt = new Date(ackAt.getTime() + 30 * 60_000);
      const at = (ms: number) => new Date(createdAt.getTime() + ms);
      alerts.push({
        _id, title: `Disk usage high on db-${i % 97} (${i})`, description: 'Filesystem /var/lib is 93% full', severity: SEVERITY_MIX[i % SEVERITY_MIX.length],
        source: 'prometheus', escalationPolicyId: people.policyIds[s], serviceId: serviceIds[s], dedupKey: `disk-${i}`, ingestDetails: null, workflowId: `alert:${id}`,
        status, currentLevel: 0, round: 0, count: 1 + (i % 3), exhausted: false,
        acknowledgedBy: status === 'triggered' ? null : `History Person ${i % PEOPLE}`, acknowledgedAt: status === 'triggered' ? null : ackAt,
        resolvedBy: status === 'resolved' ? 'prometheus' : null, resolvedAt: status === 'resolved' ? resolvedAt : null, resolutionNote: null,
        timeline: [
          { key: 'triggered', action: 'triggered', actor: 'prometheus', timestamp: createdAt, details: 'Disk usage high' },
          { key: 'level_started:0:0', action: 'level_started', actor: 'system', timestamp: at(50), details: 'level 1' },
          { key: `targets:0:0`, action: 'targets_resolved', actor: 'system', timestamp: at(60), details: `level 1: paging History Person ${i % PEOPLE} (call, SMS)` },
          ...(status === 'triggered' ? [] : [{ key: 'acknowledged', action: 'acknowledged', actor: `History Person ${i % PEOPLE}`, timestamp: ackAt, details: 'via phone at level 1; paging stopped' }]),
          ...(status === 'resolved' ? [{ key: 'resolved', action: 'resolved', actor: 'prometheus', timestamp: resolvedAt, details: 'via integration' }] : []),
        ],
        createdAt, updatedAt: status === 'resolved' ? resolvedAt : ackAt, __v: 0,
      });
      for (const channel of ['phone_call', 'sms'] as const) {
        attempts.push({
          key: `${id}:0:0:0:${user}:${channel}`, alertId: id, round: 0, level: '0', attempt: 0, userId: user, channel, recipient: '+15550100000',
          providerId: `${channel === 'sms' ? 'SM' : 'CA'}${randomBytes(16).toString('hex')}`, status: channel === 'sms' ? 'delivered' : 'acknowledged_by_keypress', error: null,
          claimedAt: at(70), heldAt: at(70), createdAt: at(70), updatedAt: at(90_000), __v: 0,
        });
      }
    }
    await db.collection('alerts').insertMany(alerts, { ordered: false });
    await db.collection('notificationattempts').insertMany(attempts, { ordered: false });
    if ((from / BATCH) % 20 === 0) process.stdout.write(`\r  inserted ${from + alerts.length}/${ALERTS} alerts (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
  console.log(`\r  inserted ${ALERTS} alerts and ${ALERTS * 2} notification attempts in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return { serviceIds, policyIds: people.policyIds, scheduleId: people.scheduleId, newest };
}

interface QueryCase {
  name: string;
  /** Paths to request, cycled over REQUESTS requests (varied pages and windows, so no cache answers them all). */
  paths: string[];
  /** Time each path's first request on its own: the fatigue report rolls a month up on its first read. */
  firstReads?: boolean;
  /** What Mongo is asked, for the plan: collection, filter shape, sort. */
  plans: Array<{ collection: string; shape: QueryShape; filter: Record<string, unknown>; sort: Record<string, 1 | -1> }>;
}

const SORT = { createdAt: -1, _id: -1 } as const;

function cases(s: Seeded): QueryCase[] {
  const iso = (ms: number) => new Date(ms).toISOString();
  const weekAgo = s.newest - 7 * DAY;
  const month = (back: number) => {
    const d = new Date(s.newest);
    d.setUTCMonth(d.getUTCMonth() - back, 1);
    return d.toISOString().slice(0, 7);
  };
  const list = (shape: QueryShape, filter: Record<string, unknown>) => ({ collection: 'alerts', shape, filter, sort: SORT });
  // The fatigue report's reads by _id: the ledger's days, and the acknowledgements of alerts not yet settled.
  const ledgerByDay = { collection: 'fatigueledgers', shape: { equality: ['_id'], range: [], sort: {} }, filter: { _id: { $in: ['2026-01-01', '2026-01-02'] } }, sort: {} };
  const alertsById = { collection: 'alerts', shape: { equality: ['_id'], range: [], sort: {} }, filter: { _id: { $in: [new Types.ObjectId()] } }, sort: {} };
  return [
    {
      name: 'newest alerts, pages 1-5', paths: [0, 50, 100, 150, 200].map((o) => `/alerts?limit=50&offset=${o}`),
      plans: [list({ equality: [], range: [], sort: SORT }, {})],
    },
    {
      name: 'open alerts (status=triggered,acknowledged)', paths: ['/alerts?status=triggered,acknowledged&limit=50', '/alerts?status=triggered&limit=50'],
      plans: [list({ equality: ['status'], range: [], sort: SORT }, { status: { $in: ['triggered', 'acknowledged'] } })],
    },
    {
      name: 'critical in the last 7 days', paths: [`/alerts?severity=critical&since=${iso(weekAgo)}&limit=50`, `/alerts?severity=critical,high&since=${iso(weekAgo)}&limit=50&offset=50`],
      plans: [list({ equality: ['severity'], range: ['createdAt'], sort: SORT }, { severity: { $in: ['critical'] }, createdAt: { $gte: new Date(weekAgo) } })],
    },
    {
      name: 'one service, pages 1-3', paths: s.serviceIds.slice(0, 4).flatMap((id) => [0, 50, 100].map((o) => `/alerts?serviceId=${id}&limit=50&offset=${o}`)),
      plans: [list({ equality: ['serviceId'], range: [], sort: SORT }, { serviceId: s.serviceIds[0] })],
    },
    {
      name: 'resolved, one week a year ago', paths: [0, 1, 2, 3].map((w) => `/alerts?status=resolved&since=${iso(s.newest - (365 + 7 * (w + 1)) * DAY)}&until=${iso(s.newest - (365 + 7 * w) * DAY)}&limit=50`),
      plans: [list({ equality: ['status'], range: ['createdAt'], sort: SORT }, { status: { $in: ['resolved'] }, createdAt: { $gte: new Date(s.newest - 372 * DAY), $lt: new Date(s.newest - 365 * DAY) } })],
    },
    {
      name: 'fatigue report, one schedule, a past month', paths: [1, 2, 3, 4].map((b) => `/reports/fatigue?month=${month(b)}&scheduleId=${s.scheduleId}`), firstReads: true,
      plans: [
        ledgerByDay,
        alertsById,
      ],
    },
    {
      name: 'fatigue report, one schedule, this month', paths: [`/reports/fatigue?month=${month(0)}&scheduleId=${s.scheduleId}`],
      plans: [
        ledgerByDay,
        { collection: 'notificationattempts', shape: { equality: ['userId'], range: ['createdAt'], sort: {} }, filter: { createdAt: { $gte: new Date(s.newest - DAY), $lt: new Date(s.newest + DAY) }, userId: { $in: ['x'] } }, sort: {} },
        alertsById,
      ],
    },
  ];
}

const schemaIndexes: Record<string, IndexKeys[]> = {
  alerts: [{ _id: 1 }, ...alertSchema.indexes().map(([k]) => k as IndexKeys)],
  notificationattempts: [{ _id: 1 }, ...notificationAttemptSchema.indexes().map(([k]) => k as IndexKeys)],
  fatigueledgers: [{ _id: 1 }],
};

/** The winning plan's stages and index names, from explain() where the server gives one. */
function describeWinningPlan(plan: unknown): string {
  const parts: string[] = [];
  const walk = (node: unknown) => {
    if (!node || typeof node !== 'object') return;
    const n = node as { stage?: string; indexName?: string; inputStage?: unknown; inputStages?: unknown[] };
    if (n.stage) parts.push(n.indexName ? `${n.stage}(${n.indexName})` : n.stage);
    walk(n.inputStage);
    for (const c of n.inputStages ?? []) walk(c);
  };
  walk(plan);
  return parts.join(' <- ');
}

async function planFor(db: mongo.Db, p: QueryCase['plans'][number]): Promise<{ source: string; plan: string }> {
  try {
    const res = (await db.collection(p.collection).find(p.filter).sort(p.sort).limit(50).explain('queryPlanner')) as { queryPlanner?: { winningPlan?: unknown } };
    const winning = res.queryPlanner?.winningPlan;
    if (winning) return { source: 'explain()', plan: describeWinningPlan(winning) };
  } catch {
    // mongo-java-server has no explain command: fall through to the planner rule.
  }
  const c = choosePlan(schemaIndexes[p.collection]!, p.shape);
  const plan = c.index ? `IXSCAN(${c.index}) bounds ${c.bound.join(', ') || 'none (sort only)'}` : 'COLLSCAN';
  return { source: 'planner rule (server has no explain)', plan: c.blockingSort ? `${plan} + blocking SORT` : plan };
}

async function main(): Promise<void> {
  const dataDir = process.argv.includes('--on-disk') ? await mkdtemp(path.join(tmpdir(), 'nightline-history-')) : undefined;
  // 200,000 alerts and 400,000 attempts as Java objects outgrow the dev server's 512 MB heap, and with 3 GB the
  // in-memory server's old generation filled and its full collections stopped it for 2.3-2.7 s (round 10, jstat).
  // On the embedded server (no explain command) the launcher's log says which index served each query.
  const served = process.env.MONGODB_URI ? undefined : ServedBy.enable(path.join(await mkdtemp(path.join(tmpdir(), 'nightline-served-')), 'served.log'));
  const services = await startServices({ ...(dataDir ? { dataDir } : {}), runsLong: true, mongoJvmFlags: ['-Xmx6g'] });
  const api = await startApiProcess(services);
  const client = new mongo.MongoClient(api.mongoUri);
  try {
    await client.connect();
    const db = client.db();
    console.log(`history: ${ALERTS} alerts over ${SPAN_DAYS} days, ${SERVICES} services, ${PEOPLE} people${dataDir ? `, Mongo-wire on disk in ${dataDir}` : ''}`);
    const seeded = await seedHistory(db, await seedPeople(api));
    // A bulk insert leaves the on-disk store busy for minutes; a real history was written over years.
    const quietS = await waitUntilQuiet(15 * 60_000);
    console.log(`  services quiet ${quietS === null ? 'only after more than 15 min (gave up waiting)' : `${quietS} s after the insert`}`);
    const results: Array<{ name: string; firstReadsMs?: number[]; latencyMs: Percentiles; statuses: Record<string, number>; plans: Array<{ collection: string; source: string; plan: string }>; servedBy?: string[] }> = [];
    console.log(`\n${'query'.padEnd(46)} ${'p50'.padStart(8)} ${'p95'.padStart(8)} ${'p99'.padStart(8)}  index (target p99 <= 100 ms)`);
    for (const c of cases(seeded).filter((q) => !ONLY || q.name.includes(ONLY))) {
      await served?.mark();
      const firstReadsMs: number[] = [];
      for (const p of c.firstReads ? c.paths : []) {
        const t0 = performance.now();
        await api.get(p);
        firstReadsMs.push(Math.round(performance.now() - t0));
      }
      if (c.firstReads) console.log(`${`${c.name}: first read of each (rolls it up)`.padEnd(46)} ${firstReadsMs.map((v) => `${v} ms`).join(', ')}`);
      else await api.get(c.paths[0]!); // the first request warms the route's code paths
      const times: number[] = [];
      const statuses: Record<string, number> = {};
      for (let i = 0; i < REQUESTS; i++) {
        const t0 = performance.now();
        const status = await api.get(c.paths[i % c.paths.length]!);
        times.push(performance.now() - t0);
        statuses[status] = (statuses[status] ?? 0) + 1;
      }
      const servedBy = (await served?.since()) ?? [];
      const plans = await Promise.all(c.plans.map(async (p) => ({ collection: p.collection, ...(await planFor(db, p)) })));
      const l = percentiles(times);
      results.push({ name: c.name, ...(c.firstReads ? { firstReadsMs } : {}), latencyMs: l, statuses, plans, ...(served ? { servedBy } : {}) });
      const ms = (v: number) => `${v.toFixed(0)} ms`.padStart(8);
      console.log(`${c.name.padEnd(46)} ${ms(l.p50)} ${ms(l.p95)} ${ms(l.p99)}  ${plans.map((p) => `${p.collection}: ${p.plan} [${p.source}]`).join('; ')}`);
      for (const line of servedBy) console.log(`  served by the embedded server: ${line}`);
      if (Object.keys(statuses).some((k) => k !== '200')) console.log(`  answers: ${JSON.stringify(statuses)}`);
    }
    await writeResults('history', { alerts: ALERTS, requestsPerQuery: REQUESTS, onDisk: !!dataDir, quietAfterInsertS: quietS, results });
  } finally {
    await client.close().catch(() => undefined);
    await api.stop();
    await services.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);

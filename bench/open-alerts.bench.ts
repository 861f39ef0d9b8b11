/**
 * Many open alerts escalating at once (prints figures and writes JSON, asserts nothing): `npm run bench:open-alerts`.
 * Opens ALERTS alerts whose next level is far away (a day), then DUE more whose level 1 falls due DELAY minutes
 * after their first page, all within about a minute, so DUE level timers fire while ALERTS + DUE escalations are
 * open. Reports the worker's RSS and V8 heap (API and worker in separate processes, as docker-compose runs them)
 * and the Temporal server's RSS, with everything open, and how late each level 1 started: its `level_started`
 * timeline instant against the planned one (level 0's start + the delay). Target: p99 <= 1 s late.
 * Between the two it waits (bounded) until the stack is quiet: the far alerts' first pages, the calls ringing
 * out and their SMS fallbacks are done, so the due timers are timed against a worker that is not still
 * paging the far storm (--no-settle opens the due ones at once, as earlier runs did; the settling time is a
 * figure of its own).
 * Who is paged: --people=100 policies per kind (far, due), each with its own two people; alerts go round-robin over
 * them, as a storm over many services would. --channel=sms (default) opens high alerts paged by SMS only, which
 * the simulator delivers, so an alert stays open quietly until its next level, as a page nobody acknowledges
 * does. --channel=phone_call with --people=1 is the earlier run: critical alerts to one person whose phone rings
 * out on every call, so every alert also falls back to SMS and the far storm itself keeps the stack busy for
 * longer than the run (at most one call and one text a minute, 1,000 alerts a bundle).
 * Options: --alerts=9000 (the far ones), --due=1000, --delay=3 (minutes), --concurrency=16 (POSTs in flight),
 * --due-over=S (open the due alerts evenly over S seconds, so their level 1 falls due over about that long; default: as
 * fast as they are taken),
 * --cache=N (the worker's TEMPORAL_MAX_CACHED_WORKFLOWS), --wf-slots=N and --wf-pollers=N (its TEMPORAL_WORKFLOW_TASK_SLOTS and
 * _POLLERS), --on-disk (Temporal SQLite + Mongo-wire H2, as `npm run dev`), --json=<file>.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { mongo } from 'mongoose';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { startServices } from '../scripts/services/start-services';
import { cpuByGroup, cpuSnapshot, processTree, threadSnapshot, waitUntilQuiet } from './cpu-usage';
import { flagValue, numberOption, percentiles, protoMs, sleep, writeResults } from './bench-kit';
import { startPagingStack, type PagingStack } from './paging-latency.stack';
import { EARLY_WAKE_MS } from '../src/domain/escalation-plan';
import { DEFAULT_WORKFLOW_TASK_POLLERS, DEFAULT_WORKFLOW_TASK_SLOTS } from '../src/config';

const FAR = Math.floor(numberOption('alerts', 'BENCH_OPEN_ALERTS', 9000));
const DUE = Math.floor(numberOption('due', 'BENCH_DUE_ALERTS', 1000));
const DELAY_MIN = Math.floor(numberOption('delay', 'BENCH_DUE_DELAY_MINUTES', 3));
const CONCURRENCY = Math.floor(numberOption('concurrency', 'BENCH_CONCURRENCY', 16));
const DUE_OVER_S = numberOption('due-over', 'BENCH_DUE_OVER_S', 0, { zero: true });
const PEOPLE = Math.max(1, Math.floor(numberOption('people', 'BENCH_PEOPLE', 100)));
const CHANNEL = (flagValue('channel') ?? 'sms') as 'sms' | 'phone_call';
if (CHANNEL !== 'sms' && CHANNEL !== 'phone_call') throw new Error(`--channel must be sms or phone_call, not ${String(CHANNEL)}`);
const FAR_DELAY_MIN = 1440;
/** How long the workers may take to start every due alert's level 0 after the last was opened. */
const BACKLOG_TIMEOUT_MS = 15 * 60_000;
const SETTLE_TIMEOUT_MS = 20 * 60_000;
/** --cache=N sets the worker's TEMPORAL_MAX_CACHED_WORKFLOWS (default: the SDK's). */
const CACHE = flagValue('cache');
/** --wf-slots=N and --wf-pollers=N set TEMPORAL_WORKFLOW_TASK_SLOTS and _POLLERS (default: the service's defaults). */
const WF_SLOTS = flagValue('wf-slots');
const WF_POLLERS = flagValue('wf-pollers');
const WORKER_ENV: Record<string, string> = {
  ...(CACHE ? { TEMPORAL_MAX_CACHED_WORKFLOWS: CACHE } : {}),
  ...(WF_SLOTS ? { TEMPORAL_WORKFLOW_TASK_SLOTS: WF_SLOTS } : {}),
  ...(WF_POLLERS ? { TEMPORAL_WORKFLOW_TASK_POLLERS: WF_POLLERS } : {}),
};

/** Resident memory of a process in MB, from /proc. */
async function rssMb(pid: number | undefined): Promise<number> {
  if (!pid) return NaN;
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return Math.round(kb / 1024);
}

/** A gauge from the worker's /metrics (prom-client text format). */
async function workerGauge(stack: PagingStack, name: string): Promise<number> {
  const text = await (await fetch(`${stack.workerHealthUrl}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return Number(line?.split(' ').at(-1) ?? NaN);
}

/** Two people and a two-level policy whose level 1 comes `delay` minutes after level 0 (`n` is its number, for unique phones). */
async function policy(stack: PagingStack, label: string, delay: number, n: number): Promise<string> {
  const schedule = async (who: string, phone: string) => {
    const userId = await stack.created('/users', { name: `${label} ${n} ${who}`, email: `${label}-${n}-${who}-${Date.now()}@example.test`.toLowerCase(), phone, notificationPrefs: { channels: [CHANNEL] } });
    return stack.created('/schedules', { name: `${label} ${n} ${who}`, timezone: 'UTC', rotationType: 'weekly', handoffTime: '09:00', startDate: '2020-01-06', members: [{ userId }] });
  };
  const kind = label === 'far' ? 4 : 6;
  const first = await schedule('first', `+1555${kind}${String(n).padStart(6, '0')}`);
  const second = await schedule('second', `+1555${kind + 1}${String(n).padStart(6, '0')}`);
  return stack.created('/escalation-policies', {
    name: `${label} policy ${n}`,
    levels: [
      { targets: [{ type: 'schedule', id: first }], delayMinutes: delay, repeatCount: 0, retryIntervalMinutes: 0 },
      { targets: [{ type: 'schedule', id: second }], delayMinutes: FAR_DELAY_MIN, repeatCount: 0, retryIntervalMinutes: 0 },
    ],
  });
}

/** PEOPLE policies of one kind. */
async function policies(stack: PagingStack, label: string, delay: number): Promise<string[]> {
  const ids: string[] = [];
  for (let n = 0; n < PEOPLE; n++) ids.push(await policy(stack, label, delay, n));
  return ids;
}

/** Opens `n` alerts with at most CONCURRENCY requests in flight; returns the ids of those accepted. */
async function open(stack: PagingStack, policyIds: string[], n: number, label: string, overMs = 0): Promise<string[]> {
  const ids: string[] = [];
  let next = 0;
  const t0 = Date.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < n) {
        const i = next++;
        // Paced: the i-th goes out at its share of overMs (none when overMs is 0).
        const at = t0 + (i * overMs) / n;
        if (at > Date.now()) await sleep(at - Date.now());
        const r = await stack.triggerOn(policyIds[i % policyIds.length]!, `${label} #${i}`, CHANNEL === 'sms' ? 'high' : 'critical').catch(() => ({ status: 0, id: undefined }));
        if (r.id) ids.push(r.id);
        if (i % 500 === 0) process.stdout.write(`\r  ${label}: ${ids.length}/${n} opened (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
      }
    }),
  );
  console.log(`\r  ${label}: ${ids.length}/${n} opened in ${((Date.now() - t0) / 1000).toFixed(0)} s (${(ids.length / ((Date.now() - t0) / 1000)).toFixed(1)}/s)`);
  return ids;
}

interface Started {
  level0?: number;
  level1?: number;
}

/** Runs `fn` on the service's database with a connection of its own. */
async function withDb<T>(stack: PagingStack, fn: (db: mongo.Db) => Promise<T>): Promise<T> {
  const client = new mongo.MongoClient(stack.serviceMongoUri);
  try {
    await client.connect();
    return await fn(client.db());
  } finally {
    await client.close();
  }
}

async function levelStarts(stack: PagingStack, ids: string[]): Promise<Map<string, Started>> {
  const docs = await withDb(stack, (db) =>
    db
      .collection('alerts')
      .find({ _id: { $in: ids.map((id) => new mongo.ObjectId(id)) } }, { projection: { timeline: 1 } })
      .toArray(),
  );
  const out = new Map<string, Started>();
  for (const d of docs) {
    const at = (key: string) => (d.timeline as Array<{ key: string; timestamp: Date }>).find((e) => e.key === key)?.timestamp?.getTime();
    out.set(String(d._id), { level0: at('level:0:0'), level1: at('level:0:1') });
  }
  return out;
}

/**
 * How many of these alerts had their first page (level 0) reach the provider (an attempt with a provider ID), and
 * where the others stand: their level-0 attempts by status, or 'no attempt'.
 */
async function pagedCount(stack: PagingStack, ids: string[]): Promise<{ paged: number; others: Record<string, number> }> {
  const attempts = await withDb(stack, (db) =>
    db.collection('notificationattempts').find({ level: '0' }, { projection: { alertId: 1, status: 1, providerId: 1 } }).toArray(),
  );
  const byAlert = new Map<string, { status: string; providerId: string | null }[]>();
  for (const a of attempts) byAlert.set(String(a.alertId), [...(byAlert.get(String(a.alertId)) ?? []), { status: String(a.status), providerId: (a.providerId as string | null) ?? null }]);
  let paged = 0;
  const others: Record<string, number> = {};
  for (const id of ids) {
    const mine = byAlert.get(id) ?? [];
    if (mine.some((a) => a.providerId)) paged++;
    else {
      const k = mine.length ? mine.map((a) => a.status).sort().join('+') : 'no attempt';
      others[k] = (others[k] ?? 0) + 1;
    }
  }
  return { paged, others };
}

const pagedLine = (label: string, n: number, p: { paged: number; others: Record<string, number> }) =>
  `${p.paged}/${n} ${label}${Object.keys(p.others).length ? ` (the others' level-0 attempts: ${JSON.stringify(p.others)})` : ''}`;

type Sample = { at: number; snap: ReturnType<typeof cpuSnapshot>; threads: ReturnType<typeof cpuSnapshot> };

/**
 * CPU snapshots once a second (processes, and the worker's threads), to tell which process, and which thread of
 * the worker (its main thread, its busiest other thread: the workflow thread), was busy while level 1 fell due.
 */
function cpuSampler(workerPid: number | undefined) {
  const take = (): Sample => ({ at: Date.now(), snap: cpuSnapshot(), threads: workerPid ? threadSnapshot(workerPid) : new Map() });
  const samples: Sample[] = [take()];
  const timer = setInterval(() => samples.push(take()), 1_000);
  const cores = (ms: number, seconds: number) => Math.round(ms / 10 / seconds) / 100;
  return {
    stop: () => clearInterval(timer),
    coresBetween(from: number, to: number, groupOf: (pid: number, name: string) => string | undefined): Record<string, number> {
      const first = samples.find((x) => x.at >= from) ?? samples[0]!;
      const last = [...samples].reverse().find((x) => x.at <= to) ?? samples.at(-1)!;
      const seconds = Math.max(0.001, (last.at - first.at) / 1000);
      const out: Record<string, number> = {};
      for (const [g, ms] of cpuByGroup(first.snap, last.snap, groupOf)) out[g] = cores(ms, seconds);
      const threads = [...cpuByGroup(first.threads, last.threads, (tid) => String(tid))].sort((a, b) => b[1] - a[1]);
      const main = threads.find(([tid]) => Number(tid) === workerPid);
      const busiest = threads.find(([tid]) => Number(tid) !== workerPid);
      if (main) out['worker main thread'] = cores(main[1], seconds);
      if (busiest) out['worker busiest other thread'] = cores(busiest[1], seconds);
      return out;
    },
  };
}

/** How many due alerts' histories timerBreakdown reads. */
const TIMER_SAMPLE = 200;

/**
 * Where a level-1 start's lateness comes from, read from the workflow histories of a sample of due alerts (server
 * clock), timing the short timer a long wait sets when it wakes early (or the long one, for older code): 'set' is how
 * long after its task started the workflow's timer reached the server (the timer counts from
 * there), 'fire' how late the server fired it against that start + its duration, 'pickup' from the firing to the
 * worker starting the task that runs it, 'run' that task's own time (start to completion, its local activities
 * included). 'fromNormalQueue' counts pickups scheduled on the task queue itself rather than the worker's sticky
 * queue: an alert evicted from the worker's cache, whose task waits for the few non-sticky pollers and replays.
 */
async function timerBreakdown(address: string, ids: string[], delayMs: number): Promise<{ parts: Record<string, ReturnType<typeof percentiles>>; fromNormalQueue: number }> {
  const connection = await Connection.connect({ address });
  const client = new Client({ connection });
  const parts: Record<string, number[]> = { set: [], fire: [], pickup: [], run: [] };
  let fromNormalQueue = 0;
  try {
    for (const id of ids.filter((_, i) => i % Math.max(1, Math.floor(ids.length / TIMER_SAMPLE)) === 0).slice(0, TIMER_SAMPLE)) {
      const events = (await client.workflow.getHandle(`alert:${id}`).fetchHistory()).events ?? [];
      const timeout = (e: (typeof events)[number]) => protoMs(e.timerStartedEventAttributes?.startToFireTimeout);
      // The level timer (held pages sleep a minute at most).
      const long = events.findIndex((e) => timeout(e) > delayMs - 60_000 && timeout(e) <= delayMs);
      if (long < 0) continue;
      const firedAfter = (i: number) => events.findIndex((e) => e.timerFiredEventAttributes && String(e.timerFiredEventAttributes.startedEventId) === String(events[i]!.eventId));
      // A long wait wakes early (EARLY_WAKE_MS) and sets the rest as a short timer: time that one.
      const longFired = firedAfter(long);
      const rest = longFired < 0 ? -1 : events.findIndex((e, k) => k > longFired && timeout(e) > 0 && timeout(e) <= EARLY_WAKE_MS);
      const i = rest >= 0 ? rest : long;
      const started = events[i]!;
      const duration = timeout(started);
      const taskStart = [...events.slice(0, i)].reverse().find((e) => e.workflowTaskStartedEventAttributes);
      const firedAt = firedAfter(i);
      if (firedAt < 0) continue;
      const pickupAt = events.findIndex((e, k) => k > firedAt && e.workflowTaskStartedEventAttributes);
      const pickup = pickupAt < 0 ? undefined : events[pickupAt];
      const scheduled = pickup && events.find((e) => String(e.eventId) === String(pickup.workflowTaskStartedEventAttributes?.scheduledEventId));
      // TaskQueueKind 2 is STICKY.
      if (scheduled && Number(scheduled.workflowTaskScheduledEventAttributes?.taskQueue?.kind) !== 2) fromNormalQueue++;
      const completed = events.find((e, k) => k > pickupAt && e.workflowTaskCompletedEventAttributes);
      if (pickup && completed) parts.run!.push(protoMs(completed.eventTime) - protoMs(pickup.eventTime));
      parts.set!.push(protoMs(started.eventTime) - protoMs(taskStart?.eventTime));
      parts.fire!.push(protoMs(events[firedAt]!.eventTime) - (protoMs(started.eventTime) + duration));
      if (pickup) parts.pickup!.push(protoMs(pickup.eventTime) - protoMs(events[firedAt]!.eventTime));
    }
  } finally {
    await connection.close();
  }
  return { parts: Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, percentiles(v.filter(Number.isFinite))])), fromNormalQueue };
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const dataDir = process.argv.includes('--on-disk') ? await mkdtemp(path.join(tmpdir(), 'nightline-open-')) : undefined;
  const services = await startServices({ ...(dataDir ? { dataDir } : {}), runsLong: true });
  const temporalPid = [...processTree(cpuSnapshot())].find((pid) => cpuSnapshot().get(pid)?.name === 'temporal');
  const stack = await startPagingStack({ ...services, callsPerSecond: 1000, phone: 'ring', topology: 'split', env: WORKER_ENV });
  try {
    console.log(`open alerts: ${FAR} due in ${FAR_DELAY_MIN} min, then ${DUE} due ${DELAY_MIN} min after their first page; ${PEOPLE} policies of each kind, paged by ${CHANNEL}${DUE_OVER_S ? `; due alerts opened over ${DUE_OVER_S} s` : ""}; servers ${dataDir ? 'on disk' : 'in memory'}; worker cache ${CACHE ?? 'SDK default'}, workflow-task slots ${WF_SLOTS ?? `default (${DEFAULT_WORKFLOW_TASK_SLOTS})`}, pollers ${WF_POLLERS ?? `default (${DEFAULT_WORKFLOW_TASK_POLLERS})`}`);
    const memory = async () => ({
      workerRssMb: await rssMb(stack.workerPid),
      workerHeapUsedMb: Math.round((await workerGauge(stack, 'nightline_worker_nodejs_heap_size_used_bytes')) / 2 ** 20),
      temporalRssMb: await rssMb(temporalPid),
    });
    const idle = await memory();
    const duePolicies = await policies(stack, 'due', DELAY_MIN);
    const far = await open(stack, await policies(stack, 'far', FAR_DELAY_MIN), FAR, 'far');
    const settledS = process.argv.includes('--no-settle') ? undefined : await waitUntilQuiet(SETTLE_TIMEOUT_MS);
    if (settledS !== undefined) console.log(`  after the ${far.length} far alerts the stack was quiet ${settledS === null ? `only after more than ${SETTLE_TIMEOUT_MS / 60_000} min (gave up waiting)` : `${settledS} s later`}`);
    const farPaged = await pagedCount(stack, far);
    console.log(`  far alerts whose level-0 page had reached the provider: ${pagedLine('when the stack was quiet', far.length, farPaged)}`);
    // Quiet is not done: pages held by a person's throttle sleep on timers. Time level 1 only once every far page
    // is out (bounded), so the due alerts meet 9,000 waiting alerts, not the tail of their storm.
    const pagedFrom = Date.now();
    let farPagedNow = farPaged;
    while (farPagedNow.paged < far.length && Date.now() - pagedFrom < SETTLE_TIMEOUT_MS && !process.argv.includes('--no-settle')) {
      await sleep(10_000);
      farPagedNow = await pagedCount(stack, far);
    }
    if (farPagedNow !== farPaged) console.log(`  ... and ${pagedLine(`${Math.round((Date.now() - pagedFrom) / 1000)} s later`, far.length, farPagedNow)}`);
    const sampler = cpuSampler(stack.workerPid);
    const dueIds = await open(stack, duePolicies, DUE, 'due', DUE_OVER_S * 1000);
    const allOpen = await memory();
    console.log(`  memory idle: worker RSS ${idle.workerRssMb} MB (heap ${idle.workerHeapUsedMb} MB), Temporal RSS ${idle.temporalRssMb} MB`);
    console.log(`  memory with ${far.length + dueIds.length} open: worker RSS ${allOpen.workerRssMb} MB (heap ${allOpen.workerHeapUsedMb} MB), Temporal RSS ${allOpen.temporalRssMb} MB`);
    // Opening may outrun the worker: first wait (bounded) until every due alert's level 0 has started, since a
    // level 1 is due DELAY_MIN after its own level 0; then for every level 1 (or the bound), and read the timelines.
    const openedAt = Date.now();
    let starts = await levelStarts(stack, dueIds);
    const backlogDeadline = openedAt + BACKLOG_TIMEOUT_MS;
    while ([...starts.values()].filter((s) => s.level0).length < dueIds.length && Date.now() < backlogDeadline) {
      await sleep(5_000);
      starts = await levelStarts(stack, dueIds);
    }
    const level0Lag = [...starts.values()].filter((s) => s.level0).length;
    const backlogS = Math.round((Date.now() - openedAt) / 1000);
    console.log(`  level 0 had started for ${level0Lag}/${dueIds.length} due alerts ${backlogS} s after the last was opened`);
    // Timeline entries are written by the worker (the projection), so behind a backlog they land late: wait for
    // the level-1 ones as long as level 0's took (bounded), and time each by the instant the workflow recorded
    // (its task's start), not by when it landed.
    const plannedLast = Math.max(...[...starts.values()].map((s) => s.level0 ?? 0)) + DELAY_MIN * 60_000;
    const waitedFrom = Date.now();
    const deadline = Math.max(plannedLast, waitedFrom) + Math.min(BACKLOG_TIMEOUT_MS, Math.max(180_000, waitedFrom - openedAt));
    while ([...starts.values()].filter((s) => s.level1).length < dueIds.length && Date.now() < deadline) {
      await sleep(5_000);
      starts = await levelStarts(stack, dueIds);
    }
    const level1LandedS = Math.round((Date.now() - waitedFrom) / 1000);
    console.log(`  level-1 entries: ${[...starts.values()].filter((s) => s.level1).length}/${dueIds.length} in the timelines ${level1LandedS} s after level 0's were`);
    const duringDue = await memory();
    const rows = [...starts.values()].filter((s) => s.level0 && s.level1);
    const late = rows.map((s) => s.level1! - (s.level0! + DELAY_MIN * 60_000));
    const planned = rows.map((s) => s.level0! + DELAY_MIN * 60_000).sort((a, b) => a - b);
    sampler.stop();
    // Cores each process kept busy from the first level-1 timer falling due to 10 s after the last (tree only).
    const tree = processTree(cpuSnapshot());
    const groupOf = (pid: number, name: string) =>
      !tree.has(pid) ? undefined : pid === stack.workerPid ? 'worker' : pid === temporalPid ? 'temporal' : name === 'java' ? 'mongo-wire' : pid === process.pid ? 'bench' : 'api';
    const dueCores = planned.length ? sampler.coresBetween(planned[0]!, planned.at(-1)! + 10_000, groupOf) : {};
    console.log(`  cores busy while level 1 fell due: ${Object.entries(dueCores).filter(([g]) => g !== 'other').map(([g, c]) => `${g} ${c}`).join(', ')}`);
    const spreadS = planned.length ? Math.round((planned.at(-1)! - planned[0]!) / 100) / 10 : NaN;
    const lateness = percentiles(late);
    console.log(`  level 1 started for ${rows.length}/${dueIds.length}; their planned instants spread over ${spreadS} s`);
    console.log(`  lateness: p50 ${lateness.p50} ms  p95 ${lateness.p95} ms  p99 ${lateness.p99} ms  max ${lateness.max} ms  (target p99 <= 1000 ms)`);
    const { parts, fromNormalQueue } = await timerBreakdown(services.temporalAddress, dueIds, DELAY_MIN * 60_000);
    console.log(`  from ${parts.fire?.n ?? 0} histories: ${Object.entries(parts).map(([k, p]) => `${k} p50 ${p.p50} / p99 ${p.p99} ms`).join('; ')}; ${fromNormalQueue} picked up from the normal (non-sticky) queue`);
    console.log(`  memory after they fired: worker RSS ${duringDue.workerRssMb} MB (heap ${duringDue.workerHeapUsedMb} MB), Temporal RSS ${duringDue.temporalRssMb} MB`);
    const farPagedAtEnd = await pagedCount(stack, far);
    console.log(`  far alerts whose level-0 page had reached the provider: ${pagedLine('at the end', far.length, farPagedAtEnd)}`);
    await writeResults('open-alerts', {
      workerCache: CACHE ?? 'sdk-default', workflowTaskSlots: Number(WF_SLOTS ?? DEFAULT_WORKFLOW_TASK_SLOTS), workflowTaskPollers: Number(WF_POLLERS ?? DEFAULT_WORKFLOW_TASK_POLLERS), dueOverSeconds: DUE_OVER_S, people: PEOPLE, channel: CHANNEL, farAlerts: far.length, farPaged: { whenQuiet: farPaged, beforeDue: farPagedNow, atEnd: farPagedAtEnd }, settledSeconds: settledS, dueAlerts: dueIds.length, delayMinutes: DELAY_MIN, onDisk: !!dataDir,
      level0StartedWithinS: backlogS,
      level1LandedWithinS: level1LandedS,
      memory: { idle, allOpen, afterDue: duringDue }, plannedSpreadSeconds: spreadS, levelOneStarted: rows.length, latenessMs: lateness, latenessPartsMs: parts, pickedUpFromNormalQueue: fromNormalQueue, coresWhileDue: dueCores,
    });
  } finally {
    await stack.stop();
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

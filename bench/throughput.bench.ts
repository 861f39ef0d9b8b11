/**
 * Paging throughput to many people (prints a table and writes JSON, asserts nothing): `npm run bench:throughput`.
 * For each rate: distinct alerts for SECONDS s to PEOPLE different people (own schedule and policy each, call +
 * SMS preferences, so per-person bundling hides nothing), posted to /v2/enqueue (--ingest=rest: /api/v1/alerts),
 * on the embedded default on disk (Temporal dev server's SQLite file, Mongo-wire's H2 file; --in-memory for
 * neither), all on the same cores. Reports POST -> Twilio Calls.json request p50/p95/p99 (target p99 <= 500 ms
 * at 20/s), CPU per alert over every process of the run (API+worker, Temporal server, Mongo-wire, this process
 * as load + simulator), cores busy; then the Temporal floor (bench:floor) at the same rate against the same
 * server, and the ratio (target <= 1.25x).
 * Each person answers at once and presses 1, and the per-person throttle is off (--throttle=0 by default), so
 * every alert needs its own call as the target asks; an alert that arrives while its person's phone is still
 * ringing joins that call as a bundle and is counted apart ("joined a ringing call").
 * Options: --rates=10,20,40 (BENCH_RATES), --seconds=60 (BENCH_SECONDS), --warm-up=10, --people=20,
 * --throttle=0 (PAGE_THROTTLE_SECONDS), --phone=ack|ring, --no-floor, --no-mongo-count (no counting proxy between the
 * service and Mongo-wire: the proxy's own CPU, in this process, is then not in the figures), --json=<file>. BENCH_SERVICE_NODE_ARGS adds
 * node flags to the service (e.g. --cpu-prof); BENCH_MONGO_JVM_FLAGS adds JVM flags to the Mongo-wire server (e.g. a
 * Java Flight Recorder profile: -XX:StartFlightRecording=filename=/tmp/mongo.jfr).
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { startServices } from '../scripts/services/start-services';
import { cpuByGroup, cpuSnapshot, processTree, type CpuSnapshot } from './cpu-usage';
import { listOption, numberOption, percentiles, sleep, writeResults, type Percentiles } from './bench-kit';
import { startPagingStack, type PagingStack } from './paging-latency.stack';
import { runFloor, type FloorFigures } from './temporal-floor';
import { startMongoOpCounter, type MongoOpCounter } from './mongo-op-counter';

const RATES = listOption('rates', 'BENCH_RATES', [10, 20, 40]);
const SECONDS = numberOption('seconds', 'BENCH_SECONDS', 60);
const WARM_UP_SECONDS = numberOption('warm-up', 'BENCH_WARM_UP_SECONDS', 10);
const PEOPLE = Math.floor(numberOption('people', 'BENCH_PEOPLE', 20));
const INGEST = process.argv.includes('--ingest=rest') ? 'rest' : 'enqueue';
const THROTTLE_SECONDS = Math.floor(numberOption('throttle', 'BENCH_THROTTLE_SECONDS', 0, { zero: true }));
const PHONE = process.argv.includes('--phone=ring') ? 'ring' : 'ack';
const DRAIN_TIMEOUT_MS = 120_000;
/** Count Mongo commands through a proxy (bench/mongo-op-counter.ts); it costs this process CPU per command. */
const COUNT_MONGO = !process.argv.includes('--no-mongo-count');

interface Fired {
  sentAt: number;
  answeredAt: number;
  status: number;
  id?: string;
  dedupKey?: string;
}

/** Open loop: alert i is sent at t0 + i/rate whatever happened to the others, as monitoring would. */
async function fire(stack: PagingStack, count: number, rate: number, label: string): Promise<Fired[]> {
  const t0 = Date.now();
  const pending: Promise<Fired>[] = [];
  for (let i = 0; i < count; i++) {
    const wait = t0 + (i * 1000) / rate - Date.now();
    if (wait > 0) await sleep(wait);
    const sentAt = Date.now();
    pending.push(stack.trigger(`${label} #${i}`).then((r) => ({ sentAt, answeredAt: Date.now(), ...r }), () => ({ sentAt, answeredAt: Date.now(), status: 0 })));
  }
  return Promise.all(pending);
}

/** Waits (bounded) until `expected` more alerts than `before` have gone to Twilio in a call (alone or bundled). */
async function drain(stack: PagingStack, before: number, expected: number): Promise<number> {
  const deadline = Date.now() + DRAIN_TIMEOUT_MS;
  while ((await stack.pageArrivals()).size < before + expected && Date.now() < deadline) await sleep(500);
  return Date.now();
}

interface RateFigures {
  rate: number;
  alerts: number;
  answers: Record<string, number>;
  called: number;
  /** Alerts whose person's phone was already ringing: they joined that call (no call of their own). */
  joinedRingingCall: number;
  postTo202Ms: Percentiles;
  postToCallMs: Percentiles;
  /** Where an alert with a call of its own spent the time from POST to Calls.json (a sample; see stageBreakdown). */
  stagesMs: Record<string, Percentiles>;
  cpuPerAlertMs: Record<string, number>;
  cpuPerAlertTotalMs: number;
  coresBusy: number;
  /** Mongo commands the service sent per alert, by command and collection (exact, unlike CPU). */
  mongoCommandsPerAlert: Record<string, number>;
  mongoCommandsPerAlertTotal: number;
  /** Temporal history events per alert workflow (a sample of 10), by type. */
  historyEventsPerAlert: Record<string, number>;
  /** The command shapes with the most request-to-reply time in total (the Mongo-wire server's slow queries). */
  slowestMongoShapes: { shape: string; perAlert: number; meanMs: number; msPerAlert: number }[];
  floor?: FloorFigures;
  ratioToFloor?: number;
}

/** How many alerts with a call of their own stageBreakdown reads the histories of. */
const STAGE_SAMPLE = 60;

/**
 * Splits POST -> Calls.json for a sample of alerts that got a call of their own into: POST -> workflow started
 * (the outbox and the start), started -> placeCall scheduled (the workflow's first tasks: targets, channels),
 * scheduled -> started (the activity's wait for a worker slot and the queue's rate limit), started -> Calls.json
 * (the activity: attempt record, bundle, pacer, the Twilio request).
 */
async function stageBreakdown(stack: PagingStack, accepted: Fired[], idOf: (f: Fired) => string | undefined, arrivals: Map<string, number>): Promise<Record<string, Percentiles>> {
  const own = accepted.flatMap((f) => {
    const id = idOf(f);
    const at = id ? arrivals.get(id) : undefined;
    return id && at !== undefined && at >= f.sentAt ? [{ id, sentAt: f.sentAt, at }] : [];
  });
  const sample = own.filter((_, i) => i % Math.max(1, Math.floor(own.length / STAGE_SAMPLE)) === 0).slice(0, STAGE_SAMPLE);
  const stages = await stack.callStages(sample.map((a) => a.id));
  const gaps: Record<string, number[]> = { 'POST -> workflow started': [], 'started -> placeCall scheduled': [], 'scheduled -> activity started': [], 'activity started -> Calls.json': [] };
  for (const a of sample) {
    const st = stages.get(a.id);
    if (!st?.workflowStarted || !st.callScheduled || !st.callStarted) continue;
    gaps['POST -> workflow started']!.push(st.workflowStarted - a.sentAt);
    gaps['started -> placeCall scheduled']!.push(st.callScheduled - st.workflowStarted);
    gaps['scheduled -> activity started']!.push(st.callStarted - st.callScheduled);
    gaps['activity started -> Calls.json']!.push(a.at - st.callStarted);
  }
  return Object.fromEntries(Object.entries(gaps).map(([k, v]) => [k, percentiles(v)]));
}

/** No proxy: the service talks to Mongo-wire directly, and nothing is counted. */
function noCounter(uri: string): MongoOpCounter {
  return { uri, counts: () => new Map(), timings: () => new Map(), reset: () => undefined, stop: async () => undefined };
}

async function rateRun(services: { mongoUri: string; temporalAddress: string }, rate: number, serverPids: Map<number, string>): Promise<RateFigures> {
  const counter = COUNT_MONGO ? await startMongoOpCounter(services.mongoUri) : noCounter(services.mongoUri);
  const stack = await startPagingStack({ ...services, mongoUri: counter.uri, callsPerSecond: Math.max(100, rate * 5), phone: PHONE, topology: 'single', people: PEOPLE, channels: ['phone_call', 'sms'], ingest: INGEST, env: { PAGE_THROTTLE_SECONDS: String(THROTTLE_SECONDS) } });
  try {
    const warm = await fire(stack, Math.round(rate * WARM_UP_SECONDS), rate, 'warm-up');
    await drain(stack, 0, warm.filter((f) => f.status === 202).length);
    const total = Math.round(rate * SECONDS);
    const before = (await stack.pageArrivals()).size;
    counter.reset();
    const cpuBefore: CpuSnapshot = cpuSnapshot();
    const t0 = Date.now();
    const fired = await fire(stack, total, rate, 'bench');
    const accepted = fired.filter((f) => f.status === 202);
    const tEnd = await drain(stack, before, accepted.length);
    const cpuAfter = cpuSnapshot();
    const commands = counter.counts();
    const shapes = counter.timings();
    const mine = processTree(cpuAfter);
    const cpu = cpuByGroup(cpuBefore, cpuAfter, (pid) => {
      if (stack.servicePids.includes(pid)) return 'Nightline (API+worker)';
      if (pid === process.pid) return 'bench (load + simulator)';
      if (serverPids.has(pid)) return serverPids.get(pid);
      return mine.has(pid) ? 'other child' : undefined;
    });
    cpu.delete('other');
    const arrivals = await stack.pageArrivals();
    const ids = INGEST === 'enqueue' ? await stack.alertIdsByDedupKey(accepted.map((f) => f.dedupKey!)) : new Map<string, string>();
    const idOf = (f: Fired) => f.id ?? ids.get(f.dedupKey ?? '');
    const carried = accepted.flatMap((f) => {
      const at = arrivals.get(idOf(f) ?? '');
      return at ? [at - f.sentAt] : [];
    });
    const paging = carried.filter((ms) => ms >= 0);
    const stages = await stageBreakdown(stack, accepted, idOf, arrivals);
    const answers: Record<string, number> = {};
    for (const f of fired) answers[String(f.status || 'network error')] = (answers[String(f.status || 'network error')] ?? 0) + 1;
    const cpuTotal = [...cpu.values()].reduce((a, b) => a + b, 0);
    const sample = accepted.slice(0, 10).flatMap((f) => idOf(f) ?? []);
    const historyEventsPerAlert = await stack.historyEvents(sample);
    const per = (ms: number) => Math.round((ms / total) * 10) / 10;
    return {
      rate,
      alerts: total,
      answers,
      called: paging.length,
      joinedRingingCall: carried.length - paging.length,
      postTo202Ms: percentiles(accepted.map((f) => f.answeredAt - f.sentAt)),
      postToCallMs: percentiles(paging),
      stagesMs: stages,
      cpuPerAlertMs: Object.fromEntries([...cpu].sort((a, b) => b[1] - a[1]).map(([g, ms]) => [g, per(ms)])),
      cpuPerAlertTotalMs: per(cpuTotal),
      coresBusy: Math.round((cpuTotal / (tEnd - t0)) * 100) / 100,
      mongoCommandsPerAlert: Object.fromEntries([...commands].sort((a, b) => b[1] - a[1]).map(([k, n]) => [k, Math.round((n / total) * 100) / 100])),
      mongoCommandsPerAlertTotal: Math.round(([...commands.values()].reduce((a, b) => a + b, 0) / total) * 100) / 100,
      historyEventsPerAlert,
      slowestMongoShapes: [...shapes]
        .sort((a, b) => b[1].ms - a[1].ms)
        .slice(0, 12)
        .map(([shape, t]) => ({ shape, perAlert: Math.round((t.n / total) * 100) / 100, meanMs: Math.round((t.ms / t.n) * 100) / 100, msPerAlert: Math.round((t.ms / total) * 10) / 10 })),
    };
  } finally {
    await stack.stop();
    await counter.stop();
  }
}

/** The servers' pids (Temporal, Mongo-wire): this process's children by name. */
function serverPidsOf(snapshot: CpuSnapshot): Map<number, string> {
  const out = new Map<number, string>();
  for (const pid of processTree(snapshot)) {
    const name = snapshot.get(pid)?.name;
    if (name === 'temporal') out.set(pid, 'Temporal server');
    if (name === 'java') out.set(pid, 'Mongo-wire server');
  }
  return out;
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const onDisk = !process.argv.includes('--in-memory');
  const dataDir = onDisk ? await mkdtemp(path.join(tmpdir(), 'nightline-throughput-')) : undefined;
  const mongoJvmFlags = process.env.BENCH_MONGO_JVM_FLAGS?.split(' ').filter(Boolean) ?? [];
  const services = await startServices({ ...(dataDir ? { dataDir } : {}), runsLong: true, mongoJvmFlags });
  const serverPids = serverPidsOf(cpuSnapshot());
  const temporalPids = new Set([...serverPids].filter(([, g]) => g === 'Temporal server').map(([pid]) => pid));
  console.log(`throughput: ${PEOPLE} people (${PHONE === 'ack' ? 'each answers and presses 1' : 'phones ring on'}, throttle ${THROTTLE_SECONDS} s), call + SMS, ${INGEST === 'enqueue' ? '/v2/enqueue' : '/api/v1/alerts'}, servers ${dataDir ? `on disk in ${dataDir}` : 'in memory'}`);
  const results: RateFigures[] = [];
  try {
    for (const rate of RATES) {
      console.log(`\n${rate} alerts/s for ${SECONDS} s (after ${WARM_UP_SECONDS} s of warm-up)...`);
      const r = await rateRun(services, rate, serverPids);
      const parts = Object.entries(r.cpuPerAlertMs).map(([g, ms]) => `${g} ${ms} ms`);
      console.log(`  answers ${JSON.stringify(r.answers)}; called ${r.called}/${r.alerts}, ${r.joinedRingingCall} joined a call already ringing`);
      console.log(`  POST -> 202 p50 ${r.postTo202Ms.p50} / p99 ${r.postTo202Ms.p99} ms; POST -> Calls.json p50 ${r.postToCallMs.p50} / p95 ${r.postToCallMs.p95} / p99 ${r.postToCallMs.p99} ms`);
      console.log(`  stages (${Object.values(r.stagesMs)[0]?.n ?? 0} alerts with their own call): ${Object.entries(r.stagesMs).map(([k, p]) => `${k} p50 ${p.p50} / p99 ${p.p99} ms`).join('; ')}`);
      console.log(`  CPU per alert ${r.cpuPerAlertTotalMs} ms (${r.coresBusy} cores busy): ${parts.join(', ')}`);
      if (COUNT_MONGO) {
        const ops = Object.entries(r.mongoCommandsPerAlert).filter(([, n]) => n >= 0.05).map(([k, n]) => `${k} ${n}`);
        console.log(`  Mongo commands per alert ${r.mongoCommandsPerAlertTotal}: ${ops.join(', ')}`);
        console.log(`  Mongo time by command shape (ms per alert, mean ms, commands per alert):`);
        for (const t of r.slowestMongoShapes.slice(0, 8)) console.log(`    ${String(t.msPerAlert).padStart(6)}  ${String(t.meanMs).padStart(6)}  ${String(t.perAlert).padStart(5)}  ${t.shape}`);
      }
      const events = Object.values(r.historyEventsPerAlert).reduce((a, b) => a + b, 0);
      console.log(`  Temporal history events per alert ${events.toFixed(0)}: ${Object.entries(r.historyEventsPerAlert).map(([k, n]) => `${k} ${n}`).join(', ')}`);
      if (!process.argv.includes('--no-floor')) {
        r.floor = await runFloor({ temporalAddress: services.temporalAddress, rate, seconds: SECONDS, warmUpSeconds: WARM_UP_SECONDS, temporalPids });
        r.ratioToFloor = Math.round((r.cpuPerAlertTotalMs / r.floor.cpuPerWorkflowTotalMs) * 100) / 100;
        console.log(`  floor: p99 ${r.floor.latencyMs.p99} ms, CPU ${r.floor.cpuPerWorkflowTotalMs} ms per workflow -> Nightline is ${r.ratioToFloor}x the floor`);
      }
      results.push(r);
    }
  } finally {
    await services.stop();
  }
  const ms = (v: number | undefined) => (v === undefined ? '-' : String(Math.round(v))).padStart(7);
  console.log(`\n| rate/s | p50 ms | p95 ms | p99 ms | CPU/alert ms | cores busy | floor CPU ms | ratio |`);
  console.log(`|---|---|---|---|---|---|---|---|`);
  for (const r of results) {
    console.log(`| ${r.rate} | ${ms(r.postToCallMs.p50)} | ${ms(r.postToCallMs.p95)} | ${ms(r.postToCallMs.p99)} | ${r.cpuPerAlertTotalMs} | ${r.coresBusy} | ${r.floor?.cpuPerWorkflowTotalMs ?? '-'} | ${r.ratioToFloor ?? '-'} |`);
  }
  await writeResults('throughput', { people: PEOPLE, seconds: SECONDS, warmUpSeconds: WARM_UP_SECONDS, ingest: INGEST, onDisk, mongoCounted: COUNT_MONGO, results });
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);

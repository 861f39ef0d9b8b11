/**
 * Paging latency benchmark (prints figures, asserts nothing): `npm run bench:paging`.
 * Run 1: POST /api/v1/alerts at RATE alerts/s for SECONDS s with the calls/s limit above the load, and report the
 * time from each POST to the Twilio simulator receiving its Calls.json request (target: p99 <= 250 ms).
 * Run 2: the limit at 1 call/s; report the most calls that arrived in any 1-second window (must be <= 1).
 * Also prints the CPU time each alert costs, per process (service, Temporal, Mongo, this process), from /proc.
 * Options (flag or env): --rate / BENCH_RATE (20), --seconds / BENCH_SECONDS (60), --limited-alerts / BENCH_LIMITED_ALERTS (8),
 * --warm-up / BENCH_WARM_UP_SECONDS (10, at RATE, not measured),
 * --phone / BENCH_PHONE (ring | ack), --topology / BENCH_TOPOLOGY (single: `npm start`'s one process; split: API and
 * worker processes, as docker-compose runs them). BENCH_SERVICE_NODE_ARGS adds node flags to the service (e.g. --cpu-prof).
 * The service runs in its own process(es); this process plays the alert source and Twilio (the simulator).
 * Loopback only; uses MONGODB_URI / TEMPORAL_ADDRESS when set, otherwise starts in-memory servers (on disk, as
 * `npm run dev` does, with --on-disk).
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { startServices } from '../scripts/services/start-services';
import { cpuByGroup, cpuSnapshot, processTree } from './cpu-usage';
import { flagValue, numberOption } from './bench-kit';
import { startPagingStack, type PagingStack, type PhoneMode, type Topology } from './paging-latency.stack';

const RATE = numberOption('rate', 'BENCH_RATE', 20);
const SECONDS = numberOption('seconds', 'BENCH_SECONDS', 60);
const LIMITED_ALERTS = Math.floor(numberOption('limited-alerts', 'BENCH_LIMITED_ALERTS', 8));
/** Load at RATE before measuring, so that JIT compilation and connection set-up are not counted as paging latency. */
const WARM_UP_SECONDS = numberOption('warm-up', 'BENCH_WARM_UP_SECONDS', 10);
/** Run 1's limit: well above the load, so the limiter is not what is measured. */
const HIGH_LIMIT = Math.max(100, RATE * 5);
const PHONE: PhoneMode = (flagValue('phone') ?? process.env.BENCH_PHONE ?? 'ring') as PhoneMode;
if (PHONE !== 'ring' && PHONE !== 'ack') throw new Error('--phone must be ring or ack');
const TOPOLOGY = (flagValue('topology') ?? process.env.BENCH_TOPOLOGY ?? 'single') as Topology;
if (TOPOLOGY !== 'single' && TOPOLOGY !== 'split') throw new Error('--topology must be single or split');
const DRAIN_TIMEOUT_MS = 60_000;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? NaN;
const fmt = (ms: number) => `${ms.toFixed(0)} ms`;

interface Fired {
  sentAt: number;
  answeredAt: number;
  status: number;
  id?: string;
}

let firstError: unknown;

/** Open loop: alert i is sent at t0 + i/rate whatever happened to the others, as monitoring would. */
async function fire(stack: PagingStack, count: number, rate: number, label: string): Promise<Fired[]> {
  const t0 = Date.now();
  const pending: Promise<Fired>[] = [];
  for (let i = 0; i < count; i++) {
    const wait = t0 + (i * 1000) / rate - Date.now();
    if (wait > 0) await sleep(wait);
    const sentAt = Date.now();
    pending.push(
      stack.trigger(`${label} #${i}`).then(
        (r) => ({ sentAt, answeredAt: Date.now(), ...r }),
        (err: unknown) => {
          if (!firstError) firstError = err;
          return { sentAt, answeredAt: Date.now(), status: 0 };
        },
      ),
    );
  }
  return Promise.all(pending);
}

/** Waits (bounded) until every accepted alert's call has reached the simulator. */
async function drain(stack: PagingStack, fired: Fired[], timeoutMs = DRAIN_TIMEOUT_MS): Promise<Map<string, number>> {
  const ids = fired.flatMap((f) => (f.id ? [f.id] : []));
  const deadline = Date.now() + timeoutMs;
  let arrivals = stack.callArrivals();
  while (ids.some((id) => !arrivals.has(id)) && Date.now() < deadline) {
    await sleep(100);
    arrivals = stack.callArrivals();
  }
  return arrivals;
}

/** The most arrivals inside any window [t, t + 1000 ms). */
function maxPerSecond(times: number[]): number {
  const t = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < t.length; i++) {
    while (t[i]! - t[j]! >= 1000) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

async function latencyRun(services: { mongoUri: string; temporalAddress: string }): Promise<void> {
  const stack = await startPagingStack({ ...services, callsPerSecond: HIGH_LIMIT, phone: PHONE, topology: TOPOLOGY });
  try {
    const warmUp = await fire(stack, Math.round(RATE * WARM_UP_SECONDS), RATE, 'warm-up');
    await drain(stack, warmUp);
    console.log(`\nwarm-up: ${warmUp.length} alerts at ${RATE}/s (not measured; their alerts stay open, as in the run)`);
    const total = Math.round(RATE * SECONDS);
    console.log(`run 1: ${total} alerts at ${RATE}/s for ${SECONDS} s, TWILIO_CALLS_PER_SECOND=${HIGH_LIMIT}, phones: ${PHONE}`);
    const cpuBefore = cpuSnapshot();
    const fired = await fire(stack, total, RATE, 'bench');
    const cpuAfter = cpuSnapshot();
    // Only this run's processes: other people's servers on a shared machine carry the same names.
    const mine = processTree(cpuAfter);
    const cpu = cpuByGroup(cpuBefore, cpuAfter, (pid, name) => {
      if (stack.servicePids.includes(pid)) return 'service';
      if (pid === process.pid) return 'bench (load + simulator)';
      if (!mine.has(pid)) return undefined;
      return name === 'temporal' ? 'Temporal dev server' : name === 'java' ? 'Mongo-wire server' : undefined;
    });
    cpu.delete('other');
    const arrivals = await drain(stack, fired);
    const accepted = fired.filter((f) => f.status === 202 && f.id);
    if (firstError) console.log(`  first network error: ${String((firstError as Error).cause ?? firstError)}`);
    const paging = accepted.flatMap((f) => (arrivals.has(f.id!) ? [arrivals.get(f.id!)! - f.sentAt] : [])).sort((a, b) => a - b);
    const answer = accepted.map((f) => f.answeredAt - f.sentAt).sort((a, b) => a - b);
    const counts = new Map<string, number>();
    for (const f of fired) counts.set(String(f.status || 'network error'), (counts.get(String(f.status || 'network error')) ?? 0) + 1);
    const statuses = [...counts].map(([k, n]) => `${k}: ${n}`);
    console.log(`  answers: ${statuses.join(', ')}; calls seen: ${paging.length}; accepted but never called: ${accepted.length - paging.length}`);
    console.log(`  POST -> 202:            p50 ${fmt(pct(answer, 0.5))}  p95 ${fmt(pct(answer, 0.95))}  p99 ${fmt(pct(answer, 0.99))}`);
    console.log(
      `  POST -> Calls.json:     p50 ${fmt(pct(paging, 0.5))}  p95 ${fmt(pct(paging, 0.95))}  p99 ${fmt(pct(paging, 0.99))}  max ${fmt(paging.at(-1) ?? NaN)}  (target p99 <= 250 ms)`,
    );
    // The same latency per 10-second slice of the run: a tail that grows over the run is a backlog, a flat one is not.
    const slices: string[] = [];
    const start = fired[0]?.sentAt ?? 0;
    for (let from = 0; from < SECONDS * 1000; from += 10_000) {
      const inSlice = accepted.filter((f) => f.sentAt - start >= from && f.sentAt - start < from + 10_000 && arrivals.has(f.id!));
      const lat = inSlice.map((f) => arrivals.get(f.id!)! - f.sentAt).sort((a, b) => a - b);
      if (lat.length > 0) slices.push(`${from / 1000}s p50 ${pct(lat, 0.5).toFixed(0)}/p99 ${pct(lat, 0.99).toFixed(0)}`);
    }
    console.log(`  by 10-s slice (ms):      ${slices.join(' | ')}`);
    const perAlert = (ms: number) => `${(ms / total).toFixed(1)} ms`;
    const cpuTotal = [...cpu.values()].reduce((a, b) => a + b, 0);
    const parts = [...cpu].sort((a, b) => b[1] - a[1]).map(([g, ms]) => `${g} ${perAlert(ms)}`);
    console.log(`  CPU per alert:          ${perAlert(cpuTotal)} in all (${(cpuTotal / (SECONDS * 1000)).toFixed(2)} cores busy): ${parts.join(', ')}`);
  } finally {
    await stack.stop();
  }
}

async function limitRun(services: { mongoUri: string; temporalAddress: string }): Promise<void> {
  const stack = await startPagingStack({ ...services, callsPerSecond: 1, phone: PHONE, topology: TOPOLOGY });
  try {
    console.log(`\nrun 2: ${LIMITED_ALERTS} alerts at ${RATE}/s, TWILIO_CALLS_PER_SECOND=1`);
    const fired = await fire(stack, LIMITED_ALERTS, RATE, 'limited');
    const arrivals = await drain(stack, fired, (LIMITED_ALERTS + 20) * 1000);
    const times = [...arrivals.values()].sort((a, b) => a - b);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    console.log(`  calls seen: ${times.length}/${fired.filter((f) => f.id).length} over ${fmt((times.at(-1) ?? 0) - (times[0] ?? 0))}`);
    console.log(`  max calls in any 1-second window: ${maxPerSecond(times)} (must be <= 1); smallest gap ${fmt(Math.min(...gaps))}`);
    const starts = (await stack.callActivityStarts([...arrivals.keys()])).sort((a, b) => a - b);
    const startGaps = starts.slice(1).map((t, i) => t - starts[i]!);
    console.log(`  placeCall activities started (Temporal history): max in any 1-second window ${maxPerSecond(starts)}; smallest gap ${fmt(Math.min(...startGaps))}`);
  } finally {
    await stack.stop();
  }
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  // --on-disk: the embedded default as `npm run dev` runs it (Temporal's SQLite file and Mongo-wire's H2 file).
  const dataDir = process.argv.includes('--on-disk') ? await mkdtemp(path.join(tmpdir(), 'nightline-bench-')) : undefined;
  if (dataDir) console.log(`servers on disk in ${dataDir}`);
  const services = await startServices({ ...(dataDir ? { dataDir } : {}), runsLong: true });
  try {
    await latencyRun(services);
    await limitRun(services);
  } finally {
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

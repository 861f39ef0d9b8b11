/**
 * Resolver benchmark (prints figures, asserts nothing): `npm run bench:resolver`.
 * Targets: resolveOnCall median <= 20 µs on a 3-layer, 20-member schedule with 200 overrides;
 * a one-year shiftsBetween <= 10 ms.
 */
import { compileSchedule } from '../src/domain/schedule-compile';
import { resolveOnCall, shiftsBetween } from '../src/domain/schedule-resolve';
import { bigSchedule } from '../test/domain/fixtures/big-schedule';
import { prng } from '../test/domain/fixtures/schedule.fixtures';

const schedule = bigSchedule();
const yearStart = Date.UTC(2026, 0, 1);
const yearEnd = Date.UTC(2027, 0, 1);
const rnd = prng(1);
const instants = Array.from({ length: 20_000 }, () => new Date(yearStart + Math.floor(rnd() * (yearEnd - yearStart))));

function stats(samplesNs: number[]) {
  const sorted = [...samplesNs].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
  return { median: q(0.5), p95: q(0.95), p99: q(0.99), max: sorted[sorted.length - 1]! };
}
const fmtUs = (ns: number) => `${(ns / 1000).toFixed(1)} µs`;
const fmtMs = (ns: number) => `${(ns / 1e6).toFixed(2)} ms`;

function time(f: () => unknown): number {
  const t0 = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t0);
}

/** CPU time (user + system) per call, measured over batches: steadier than wall time on a busy machine. */
function cpuPerCallNs(calls: (() => unknown)[], batch: number): number[] {
  const out: number[] = [];
  for (let i = 0; i + batch <= calls.length; i += batch) {
    const before = process.cpuUsage();
    for (let j = i; j < i + batch; j++) calls[j]!();
    const d = process.cpuUsage(before);
    out.push(((d.user + d.system) * 1000) / batch);
  }
  return out;
}

const compileNs = time(() => compileSchedule({ ...schedule }));
const warmCompile = stats(Array.from({ length: 50 }, () => time(() => compileSchedule({ ...schedule }))));

// Warm up the JIT and the zone-offset memo before measuring.
for (const at of instants.slice(0, 2000)) resolveOnCall(schedule, at);
const resolveNs = instants.map((at) => time(() => resolveOnCall(schedule, at)));
const r = stats(resolveNs);
const rCpu = stats(cpuPerCallNs(instants.map((at) => () => resolveOnCall(schedule, at)), 200));

shiftsBetween(schedule, new Date(yearStart), new Date(yearEnd));
const yearNs = Array.from({ length: 15 }, () => time(() => shiftsBetween(schedule, new Date(yearStart), new Date(yearEnd))));
const y = stats(yearNs);
const yCpu = stats(cpuPerCallNs(Array.from({ length: 15 }, () => () => shiftsBetween(schedule, new Date(yearStart), new Date(yearEnd))), 1));
const count = shiftsBetween(schedule, new Date(yearStart), new Date(yearEnd)).length;

console.log('resolver benchmark: 3 layers, 20 members, 200 overrides, 30 time-off periods, 6 holidays (America/Chicago)');
console.log(`  compile, first ever (zone data warm-up): ${fmtUs(compileNs)}; a new schedule object later: median ${fmtUs(warmCompile.median)}`);
console.log(`  resolveOnCall x${instants.length}: median ${fmtUs(r.median)}, p95 ${fmtUs(r.p95)}, p99 ${fmtUs(r.p99)}, max ${fmtUs(r.max)}  (target median <= 20 µs)`);
console.log(`    CPU time per call, batches of 200: median ${fmtUs(rCpu.median)}, p95 of batches ${fmtUs(rCpu.p95)}`);
console.log(`  shiftsBetween one year (${count} shifts) x${yearNs.length}: median ${fmtMs(y.median)}, p95 ${fmtMs(y.p95)}  (target <= 10 ms)`);
console.log(`    CPU time: median ${fmtMs(yCpu.median)}, p95 ${fmtMs(yCpu.p95)}`);

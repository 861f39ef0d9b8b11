import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { startServices } from '../scripts/services/start-services';
import { writeResults } from './bench-kit';
import { runFloor } from './temporal-floor';

/**
 * `npm run bench:floor [rate] [seconds]` (prints figures, asserts nothing): the floor of Temporal-based paging
 * on this machine (see temporal-floor.ts), to read bench:paging and bench:throughput against. --on-disk runs the
 * dev server on its SQLite file, as `npm run dev` does; --json=<file> says where the figures go.
 */
async function main() {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const positional = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const rate = Number(positional[0] ?? 20);
  const seconds = Number(positional[1] ?? 60);
  const dataDir = process.argv.includes('--on-disk') ? await mkdtemp(path.join(tmpdir(), 'nightline-floor-')) : undefined;
  const s = await startServices({ mongo: false, ...(dataDir ? { dataDir } : {}) });
  try {
    const f = await runFloor({ temporalAddress: s.temporalAddress!, rate, seconds, warmUpSeconds: 10 });
    console.log(`\nTemporal floor: ${f.workflows} workflows at ${rate}/s for ${seconds} s (after a 10-s warm-up)${dataDir ? ', dev server on disk' : ''}`);
    console.log(`  update-with-start -> activity's HTTP request: p50 ${f.latencyMs.p50} ms  p95 ${f.latencyMs.p95} ms  p99 ${f.latencyMs.p99} ms`);
    const parts = Object.entries(f.cpuPerWorkflowMs).map(([g, ms]) => `${g} ${ms.toFixed(1)} ms`);
    console.log(`  CPU per workflow: ${f.cpuPerWorkflowTotalMs.toFixed(1)} ms in all (${f.coresBusy} cores busy): ${parts.join(', ')}`);
    await writeResults('floor', { onDisk: !!dataDir, ...f });
  } finally {
    await s.stop();
  }
  process.exit(0);
}
main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

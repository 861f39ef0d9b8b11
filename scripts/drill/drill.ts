/**
 * `npm run drill`: breaks things on purpose (worker and API SIGKILLs, Mongo-wire and Temporal restarts,
 * Twilio outages) against the real service, and prints what it did and what was lost. Also writes the
 * table as JSON (--out, default drill-report.json). --only <name,...> runs some scenarios; --escalations N
 * sets the worker-kill count (default 50).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { apiKills, mongoRestart, temporalRestart, twilioTrouble, workerKills, type DrillRow } from './drill-scenarios';
import { startDrillStack, type DrillStack } from './drill-stack';

const SCENARIOS: Record<string, (s: DrillStack, n: number) => Promise<DrillRow>> = {
  worker: (s, n) => workerKills(s, n),
  api: (s) => apiKills(s),
  mongo: (s) => mongoRestart(s),
  temporal: (s) => temporalRestart(s),
  twilio: (s) => twilioTrouble(s),
};

function table(rows: DrillRow[]): string {
  const head = ['scenario', 'what the drill did', 'pages', 'delivered', 'lost', 'duplicate calls', 'notes'];
  const body = rows.map((r) => [r.scenario, r.did, String(r.pages), String(r.delivered), String(r.lost), String(r.duplicateCalls), r.notes]);
  return [head, head.map(() => '---'), ...body].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

async function main() {
  const { values } = parseArgs({ options: { only: { type: 'string' }, escalations: { type: 'string' }, out: { type: 'string' } } });
  const names = values.only ? values.only.split(',') : Object.keys(SCENARIOS);
  const unknown = names.filter((n) => !SCENARIOS[n]);
  if (unknown.length) throw new Error(`unknown scenario(s) ${unknown.join(', ')}; choose from ${Object.keys(SCENARIOS).join(', ')}`);
  // The drill restarts its own servers: never someone else's.
  delete process.env.MONGODB_URI;
  delete process.env.TEMPORAL_ADDRESS;
  const dataDir = mkdtempSync(join(tmpdir(), 'nightline-drill-'));
  const stack = await startDrillStack({ dataDir, workerFaults: '', callsPerSecond: 20 });
  const rows: DrillRow[] = [];
  const startedAt = new Date().toISOString();
  try {
    for (const name of names) {
      process.stderr.write(`[drill] ${name}...\n`);
      const t0 = Date.now();
      const row = await SCENARIOS[name]!(stack, Number(values.escalations ?? 50));
      rows.push(row);
      writeFileSync(values.out ?? 'drill-report.json', `${JSON.stringify({ startedAt, rows, partial: true }, null, 2)}\n`);
      process.stderr.write(`${table([row])}\n`);
      process.stderr.write(`[drill] ${name} done in ${Math.round((Date.now() - t0) / 1000)} s: lost ${row.lost}, duplicate calls ${row.duplicateCalls}\n`);
    }
  } finally {
    await stack.stop().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }
  const out = values.out ?? 'drill-report.json';
  writeFileSync(out, `${JSON.stringify({ startedAt, rows }, null, 2)}\n`);
  process.stdout.write(`${table(rows)}\n\nJSON: ${out}\n`);
  const lost = rows.reduce((n, r) => n + r.lost, 0);
  process.exitCode = lost > 0 ? 1 : 0;
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Shared bits of the scale benchmarks: options, percentiles, and the JSON result file. */

/** The value of a `--name=value` flag on the command line, if given. */
export const flagValue = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];

/** `--name=value` flag, else the env variable, else the fallback; must be a positive number (or 0 when `zero`). */
export function numberOption(name: string, env: string, fallback: number, o: { zero?: boolean } = {}): number {
  const value = Number(flagValue(name) ?? process.env[env] ?? fallback);
  const low = o.zero ? value < 0 : value <= 0;
  if (!Number.isFinite(value) || low) throw new Error(`--${name} must be a ${o.zero ? 'non-negative' : 'positive'} number`);
  return value;
}

/** `--name=a,b,c` as positive numbers. */
export function listOption(name: string, env: string, fallback: number[]): number[] {
  const raw = flagValue(name) ?? process.env[env];
  if (!raw) return fallback;
  const values = raw.split(',').map(Number);
  if (values.some((v) => !Number.isFinite(v) || v <= 0)) throw new Error(`--${name} must be a comma-separated list of positive numbers`);
  return values;
}

/** Milliseconds of a protobuf Timestamp or Duration (a Temporal history's event times and timeouts); NaN when absent. */
export const protoMs = (t: { seconds?: unknown; nanos?: number | null } | null | undefined): number =>
  t ? Number(t.seconds ?? 0) * 1000 + Math.floor((t.nanos ?? 0) / 1e6) : NaN;

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Nearest-rank percentile of an ascending array. */
export const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? NaN;

export interface Percentiles {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function percentiles(values: number[]): Percentiles {
  const s = [...values].sort((a, b) => a - b);
  const r = (v: number) => Math.round(v * 10) / 10;
  return { n: s.length, p50: r(pct(s, 0.5)), p95: r(pct(s, 0.95)), p99: r(pct(s, 0.99)), max: r(s.at(-1) ?? NaN) };
}

/** Writes the figures to `--json=<file>` or bench/results/<name>-<time>.json, and says where. */
export async function writeResults(name: string, figures: unknown): Promise<string> {
  const flag = flagValue('json');
  const file = path.resolve(flag ?? path.join('bench', 'results', `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`));
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify({ bench: name, at: new Date().toISOString(), ...(figures as object) }, null, 2)}\n`);
  console.log(`\nfigures written to ${file}`);
  return file;
}

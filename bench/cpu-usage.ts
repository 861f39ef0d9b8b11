import { readdirSync, readFileSync } from 'node:fs';
import { sleep } from './bench-kit';

/** CPU time (ms) each process has used so far, by pid, read from Linux's /proc; empty elsewhere. */
export type CpuSnapshot = Map<number, { name: string; ms: number; ppid: number }>;

const TICK_MS = 10; // USER_HZ is 100 on Linux

export function cpuSnapshot(): CpuSnapshot {
  return snapshotOf('/proc');
}

/** The same for each thread of one process (by thread ID; the main thread's ID is the pid). */
export function threadSnapshot(pid: number): CpuSnapshot {
  return snapshotOf(`/proc/${pid}/task`);
}

function snapshotOf(dir: string): CpuSnapshot {
  const out: CpuSnapshot = new Map();
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = readFileSync(`${dir}/${e}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(e), { name, ms: (Number(fields[11]) + Number(fields[12])) * TICK_MS, ppid: Number(fields[1]) });
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}

/**
 * CPU used between two snapshots, per group: `groupOf` names a pid's group (or undefined: 'other').
 * Processes that started or ended in between count only for the part both snapshots saw.
 */
export function cpuByGroup(before: CpuSnapshot, after: CpuSnapshot, groupOf: (pid: number, name: string) => string | undefined): Map<string, number> {
  const groups = new Map<string, number>();
  for (const [pid, a] of after) {
    const b = before.get(pid);
    if (!b || b.name !== a.name || a.ms <= b.ms) continue;
    const g = groupOf(pid, a.name) ?? 'other';
    groups.set(g, (groups.get(g) ?? 0) + a.ms - b.ms);
  }
  return groups;
}

/**
 * The pids in `root`'s process tree (itself included). Other people's servers on a shared machine have the
 * same names as ours, so CPU is grouped by the tree the bench started, never by name alone.
 */
export function processTree(snapshot: CpuSnapshot, root: number = process.pid): Set<number> {
  const tree = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, p] of snapshot) {
      if (!tree.has(pid) && tree.has(p.ppid)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  return tree;
}

/** Quiet: the bench's services together use less than this share of a core, for QUIET_POLLS polls in a row. */
const QUIET_CORES = 0.2;
const QUIET_POLLS = 3;
const QUIET_POLL_MS = 5_000;

/**
 * Waits until the bench's own process tree (services, API, worker; not this process) is quiet, or `timeoutMs`
 * passes; returns the seconds it took, or null when it never got quiet.
 */
export async function waitUntilQuiet(timeoutMs: number): Promise<number | null> {
  const started = Date.now();
  const busyMs = () => {
    const snap = cpuSnapshot();
    let ms = 0;
    for (const pid of processTree(snap)) if (pid !== process.pid) ms += snap.get(pid)?.ms ?? 0;
    return ms;
  };
  let quiet = 0;
  let last = busyMs();
  while (Date.now() - started < timeoutMs) {
    await sleep(QUIET_POLL_MS);
    const now = busyMs();
    quiet = now - last < QUIET_CORES * QUIET_POLL_MS ? quiet + 1 : 0;
    last = now;
    if (quiet >= QUIET_POLLS) return Math.round((Date.now() - started) / 1000);
  }
  return null;
}

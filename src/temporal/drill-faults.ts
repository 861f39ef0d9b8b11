/** Where a drill may kill a worker mid-page: the crash windows delivery must survive (at least once, reconciled). */
export type FaultPoint = 'after-claim' | 'after-dial';

/**
 * Parses NIGHTLINE_DRILL_FAULTS (`after-claim:0.1,after-dial:0.1`) into a hook that SIGKILLs this process
 * at that point with that probability. Empty: no hook at all. Test-only (config refuses it in production).
 */
export function drillFaults(spec: string): ((point: FaultPoint) => void) | undefined {
  if (!spec) return undefined;
  const odds = new Map<string, number>(spec.split(',').filter(Boolean).map((p) => [p.split(':')[0]!, Number(p.split(':')[1])]));
  return (point) => {
    if (Math.random() >= (odds.get(point) ?? 0)) return;
    process.stdout.write(`DRILL FAULT ${point}: SIGKILL\n`);
    process.kill(process.pid, 'SIGKILL');
  };
}

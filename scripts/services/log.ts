/** A sink for human-readable progress lines. */
export type Log = (line: string) => void;

export const stderrLog: Log = (line) => process.stderr.write(`[services] ${line}\n`);

export const silentLog: Log = () => undefined;

export function seconds(sinceMs: number): string {
  return `${((Date.now() - sinceMs) / 1000).toFixed(1)}s`;
}

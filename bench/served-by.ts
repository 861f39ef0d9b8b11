import { readFile } from 'node:fs/promises';
import { sleep } from './bench-kit';

/**
 * What served each query on the embedded Mongo-wire server, read from its launcher's diagnostic log
 * (NIGHTLINE_MONGO_SCAN_LOG, written every NIGHTLINE_MONGO_SCAN_LOG_MS): lines such as
 * `  12 x alerts [createdAt, status] via status_1_createdAt_-1_id_-1` or `... via scan`. The server has no
 * explain command, so this is how a benchmark shows that its queries used an index. Set the two variables
 * before the server starts (start-services passes the environment on).
 */
export const SERVED_LOG_MS = 500;

export class ServedBy {
  private offset = 0;

  constructor(readonly file: string) {}

  /** Sets the launcher's variables in this process's environment, for the server started next. */
  static enable(file: string): ServedBy {
    process.env.NIGHTLINE_MONGO_SCAN_LOG = file;
    process.env.NIGHTLINE_MONGO_SCAN_LOG_MS = String(SERVED_LOG_MS);
    return new ServedBy(file);
  }

  /** Skips what the log holds so far (the seeding's queries). */
  async mark(): Promise<void> {
    await sleep(SERVED_LOG_MS * 2);
    this.offset = (await this.text()).length;
  }

  /** The shapes logged since the last mark or read, with counts, "via" the index or scan that served them. */
  async since(): Promise<string[]> {
    await sleep(SERVED_LOG_MS * 2);
    const text = await this.text();
    const fresh = text.slice(this.offset);
    this.offset = text.length;
    const counts = new Map<string, number>();
    for (const m of fresh.matchAll(/^\s+(\d+) x (.+)$/gm)) counts.set(m[2]!, (counts.get(m[2]!) ?? 0) + Number(m[1]));
    return [...counts].sort((a, b) => b[1] - a[1]).map(([shape, n]) => `${n} x ${shape}`);
  }

  private async text(): Promise<string> {
    return readFile(this.file, 'utf8').catch(() => '');
  }
}

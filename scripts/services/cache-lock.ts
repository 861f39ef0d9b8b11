import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';

import type { Log } from './log';

const POLL_MS = 250;
const WAIT_LIMIT_MS = 15 * 60_000;
/** A lock older than this is from a crashed or hung installer: nothing we install takes that long. */
const STALE_AFTER_MS = 20 * 60_000;
/** Grace for a holder that created the lock dir but has not written its owner file yet. */
const OWNERLESS_GRACE_MS = 10_000;

interface LockOwner {
  pid: number;
  host: string;
  startedAt: number;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function isStale(lockDir: string): Promise<string | undefined> {
  try {
    const owner = JSON.parse(await readFile(path.join(lockDir, 'owner.json'), 'utf8')) as LockOwner;
    if (owner.host === hostname() && !isAlive(owner.pid)) return `holder pid ${owner.pid} is gone`;
    if (Date.now() - owner.startedAt > STALE_AFTER_MS)
      return `held since ${new Date(owner.startedAt).toISOString()}`;
    return undefined;
  } catch {
    const info = await stat(lockDir).catch(() => undefined);
    if (!info) return undefined; // released meanwhile
    return Date.now() - info.mtimeMs > OWNERLESS_GRACE_MS ? 'lock has no owner file' : undefined;
  }
}

/**
 * Runs `fn` while holding a mkdir-based lock, so concurrent installers (parallel jest runs,
 * two terminals) never write the same cache at once.
 */
export async function withDirLock<T>(lockDir: string, log: Log, fn: () => Promise<T>): Promise<T> {
  await mkdir(path.dirname(lockDir), { recursive: true });
  const deadline = Date.now() + WAIT_LIMIT_MS;
  let announced = false;
  for (;;) {
    try {
      await mkdir(lockDir);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const staleReason = await isStale(lockDir);
    if (staleReason) {
      log(`removing stale lock ${lockDir} (${staleReason})`);
      // Rename first so two waiters cannot both delete a lock that a third just took.
      const doomed = `${lockDir}.stale-${process.pid}-${Date.now()}`;
      await rename(lockDir, doomed).then(
        () => rm(doomed, { recursive: true, force: true }),
        () => undefined,
      );
      continue;
    }
    if (!announced) {
      log(`waiting for another process to finish installing (lock ${lockDir}) ...`);
      announced = true;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for the cache lock ${lockDir}`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  const owner: LockOwner = { pid: process.pid, host: hostname(), startedAt: Date.now() };
  await writeFile(path.join(lockDir, 'owner.json'), JSON.stringify(owner));
  try {
    return await fn();
  } finally {
    await rm(lockDir, { recursive: true, force: true });
  }
}

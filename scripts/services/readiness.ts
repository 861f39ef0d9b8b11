import { Connection } from '@temporalio/client';
import mongoose from 'mongoose';

import { type ChildService, describeExit } from './child-service';
import type { Log } from './log';

const PROBE_TIMEOUT_MS = 1_000;
const RETRY_DELAY_MS = 150;

/** One ping through the driver mongoose bundles; rejects if nothing answers within the timeout. */
export async function pingMongo(uri: string, timeoutMs = PROBE_TIMEOUT_MS): Promise<void> {
  const client = new mongoose.mongo.MongoClient(uri, {
    serverSelectionTimeoutMS: timeoutMs,
    connectTimeoutMS: timeoutMs,
  });
  try {
    await client.connect();
    await client.db('admin').command({ ping: 1 });
  } finally {
    await client.close().catch(() => undefined);
  }
}

/** Succeeds only once the frontend really serves requests: it must describe the namespace. */
export async function pingTemporal(
  address: string,
  namespace = 'default',
  timeoutMs = PROBE_TIMEOUT_MS,
): Promise<void> {
  const connection = await Connection.connect({ address, connectTimeout: timeoutMs });
  try {
    await connection.withDeadline(Date.now() + timeoutMs, () =>
      connection.workflowService.describeNamespace({ namespace }),
    );
  } finally {
    await connection.close().catch(() => undefined);
  }
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A server process that ended before it answered: a port taken between picking it and binding it, for one. */
export class ExitedBeforeReady extends Error {}

/**
 * Polls `probe` until it succeeds. Fails fast, with the child's output tail, if the child dies;
 * fails with the last probe error and the output tail on timeout.
 */
export async function waitUntilReady(
  child: ChildService,
  what: string,
  probe: () => Promise<void>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    if (child.hasExited()) {
      const exit = await child.exited;
      throw new ExitedBeforeReady(
        `${child.name} ${describeExit(exit)} before ${what} became ready.\n--- ${child.name} output ---\n${child.outputTail()}`,
      );
    }
    try {
      await probe();
      return;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      await child.stop(1_000);
      throw new Error(
        `${what} did not become ready within ${timeoutMs / 1000}s (last error: ${message(lastError)}).\n` +
          `--- ${child.name} output ---\n${child.outputTail()}`,
      );
    }
    await new Promise((r) => setTimeout(r, RETRY_DELAY_MS));
  }
}

/** Hides a password in a URI before it goes into an error message. */
export function redactUri(uri: string): string {
  return uri.replace(/\/\/([^:/@]+):[^@/]*@/, '//$1:***@');
}

export { message as errorMessage };

/**
 * Starts a server, and once more (on a newly picked port) if it exits before it is ready. A port picked free can be
 * taken before the server binds it, and the Temporal dev server also binds internal ports of its own choosing: on a
 * busy machine either can collide (CI saw the dev server panic at start-up once in many runs). A second exit is
 * reported as it is.
 */
export async function onceMore<T>(what: string, log: Log, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (err) {
    if (!(err instanceof ExitedBeforeReady)) throw err;
    log(`${what} exited before it was ready; starting it once more. Its output:\n${err.message}`);
    return start();
  }
}

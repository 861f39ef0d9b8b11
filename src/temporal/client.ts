import { Client, Connection } from '@temporalio/client';
import type { Config } from '../config';

export type TemporalConfig = Pick<Config, 'TEMPORAL_ADDRESS' | 'TEMPORAL_NAMESPACE' | 'TEMPORAL_TASK_QUEUE'>;

/**
 * A client whose connection is made on first use: the API can start while Temporal is down and answer
 * 503 until it is back (the alert engine bounds every call with a deadline).
 */
export function createTemporalClient(config: TemporalConfig): Client {
  const connection = Connection.lazy({ address: config.TEMPORAL_ADDRESS });
  return new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
}

/** A client that has already reached the server (fails fast at boot when Temporal is unreachable). */
export async function connectTemporalClient(config: TemporalConfig): Promise<Client> {
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  return new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
}

/** The notify queues live beside the main queue so each can carry its own rate limit. */
export function notifyTaskQueues(taskQueue: string): { calls: string; sms: string } {
  return { calls: `${taskQueue}-calls`, sms: `${taskQueue}-sms` };
}

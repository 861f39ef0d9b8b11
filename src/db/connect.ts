import mongoose, { type Connection } from 'mongoose';

const SERVER_SELECTION_TIMEOUT_MS = 5000;
/** MongoDB's error code when a unique index already holds the key being written. */
const DUPLICATE_KEY = 11000;

/** True when a write was refused because a unique index already holds its key. */
export function isDuplicateKeyError(err: unknown): boolean {
  return (err as { code?: number } | null)?.code === DUPLICATE_KEY;
}

/** Opens a dedicated connection (never the global mongoose instance) so tests can isolate databases. */
export async function connectMongo(uri: string): Promise<Connection> {
  const conn = mongoose.createConnection(uri, { serverSelectionTimeoutMS: SERVER_SELECTION_TIMEOUT_MS });
  await conn.asPromise();
  return conn;
}

export async function pingMongo(conn: Connection): Promise<void> {
  if (conn.readyState !== 1) throw new Error('not connected');
  const db = conn.db;
  if (!db) throw new Error('not connected');
  await db.admin().command({ ping: 1 });
}

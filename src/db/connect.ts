import mongoose, { type Connection } from 'mongoose';

const SERVER_SELECTION_TIMEOUT_MS = 5000;

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

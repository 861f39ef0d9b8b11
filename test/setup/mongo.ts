import { randomBytes } from 'node:crypto';

import mongoose, { type Connection } from 'mongoose';

import { requireSetupEnv } from './env';

/**
 * A mongoose connection to a fresh, uniquely named database on the test Mongo-wire server, so no
 * test sees another's data. Close it with closeTestDb(conn).
 */
export async function connectTestDb(prefix = 'test'): Promise<Connection> {
  const dbName = `${prefix}_${process.pid}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  return mongoose.createConnection(requireSetupEnv('MONGODB_URI'), { dbName }).asPromise();
}

/** Drops the test database and closes the connection. */
export async function closeTestDb(conn: Connection): Promise<void> {
  await conn.dropDatabase();
  await conn.close();
}

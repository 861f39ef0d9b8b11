import mongoose, { type Connection } from 'mongoose';

import { ensureBinaries } from '../../scripts/services/binaries';
import { startServices } from '../../scripts/services/start-services';

/**
 * A Mongo-wire server of the test's own (not the suite's shared server, which may be a real mongod): in memory, or on
 * an H2 file in `dataDir`, which a second call with the same folder reopens. Stopped when `use` settles.
 */
export async function ownMongoWire<T>(dataDir: string | undefined, dbName: string, use: (conn: Connection) => Promise<T>): Promise<T> {
  const services = await startServices({ ...(dataDir ? { dataDir } : {}), temporal: false, mongo: true, binaries: await ensureBinaries(), log: () => undefined, ignoreEnv: true });
  if (!services.mongoUri) throw new Error('startServices started no Mongo-wire server');
  const conn = await mongoose.createConnection(services.mongoUri, { dbName }).asPromise();
  try {
    return await use(conn);
  } finally {
    await conn.close();
    await services.stop();
  }
}

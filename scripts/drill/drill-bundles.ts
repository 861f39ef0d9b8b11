import mongoose from 'mongoose';

/**
 * One person, one phone: a call can carry several alerts (a bundle), and only the first page's attempt key is
 * in its URL. The drill counts a page as delivered when an accepted call carried it, so it reads who was in
 * each bundle from the service's database (polled; a database restart just leaves the last copy in place).
 */
export function trackBundles(mongoUri: string, pollMs = 1_000) {
  const members = new Map<string, string[]>();
  const conn = mongoose.createConnection(mongoUri, { serverSelectionTimeoutMS: 2_000 });
  let stopped = false;
  async function refresh(): Promise<void> {
    const db = conn.db;
    if (!db) return;
    const docs = await db.collection<{ _id: string; members: { key: string }[] }>('pagebundles').find({}, { projection: { members: 1 } }).toArray();
    for (const d of docs) members.set(String(d._id), d.members.map((m) => m.key));
  }
  const loop = (async () => {
    await conn.asPromise().catch(() => undefined);
    while (!stopped) {
      await refresh().catch(() => undefined);
      await new Promise((r) => setTimeout(r, pollMs));
    }
  })();
  return {
    /** The attempt keys a bundle carried, as last read. */
    members: (bundleId: string) => members.get(bundleId) ?? [],
    refresh: () => refresh().catch(() => undefined),
    async stop() {
      stopped = true;
      await loop;
      await conn.close().catch(() => undefined);
    },
  };
}

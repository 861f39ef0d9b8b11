/**
 * The launcher's secondary indexes (scripts/services/EqualityIndex.java): mongo-java-server ignores every
 * non-unique index, so the launcher keeps its own for equality on a string, boolean or ObjectId field. These tests
 * hold it to one rule: every answer equals the answer the same query gets from a collection without indexes
 * (a scan), in the same order, through inserts, updates and deletes, and after the on-disk server restarts.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mongoose, { type Connection, mongo } from 'mongoose';

import { ensureBinaries } from '../../scripts/services/binaries';
import { startServices } from '../../scripts/services/start-services';
import { closeTestDb, connectTestDb } from '../setup/mongo';

jest.setTimeout(120_000);

type Doc = mongo.Document;
const SERVICES = [new mongo.ObjectId(), new mongo.ObjectId(), new mongo.ObjectId()];
const STATUSES = ['open', 'acknowledged', 'resolved'];

/** 300 documents with every kind of value the index meets: strings, booleans, ObjectIds, arrays, missing, numbers. */
function documents(): Doc[] {
  return Array.from({ length: 300 }, (_, i) => ({
    _id: new mongo.ObjectId(),
    i,
    status: i % 17 === 0 ? 7 : STATUSES[i % 3],
    serviceId: SERVICES[i % 3],
    ...(i % 10 === 0 ? { pending: true } : i % 10 === 1 ? { pending: false } : {}),
    tags: i % 4 === 0 ? ['db', `t${i % 3}`] : i % 4 === 1 ? 'db' : `t${i % 5}`,
    workflowId: `alert-${i % 40}`,
    createdAt: new Date(Date.UTC(2026, 10, 1) + i * 60_000),
  }));
}

async function indexed(conn: Connection, name: string): Promise<mongo.Collection<Doc>> {
  const c = conn.db!.collection<Doc>(name);
  await c.createIndex({ status: 1, createdAt: -1 });
  await c.createIndex({ serviceId: 1 });
  await c.createIndex({ pending: 1, createdAt: 1 }, { sparse: true });
  await c.createIndex({ tags: 1 });
  await c.createIndex({ workflowId: 1, createdAt: -1 });
  await c.createIndex({ createdAt: 1 });
  return c;
}

/** Queries an index can answer, and some it must leave to the scan; each with and without a sort. */
const QUERIES: Array<{ name: string; filter: Doc; sort?: Doc; limit?: number }> = [
  { name: 'one status', filter: { status: 'open' } },
  { name: 'one status, newest 5', filter: { status: 'open' }, sort: { createdAt: -1 }, limit: 5 },
  { name: '$eq on an ObjectId', filter: { serviceId: { $eq: SERVICES[1] } } },
  { name: 'two indexed fields', filter: { status: 'acknowledged', serviceId: SERVICES[2] }, sort: { createdAt: 1 } },
  { name: '$in of statuses', filter: { status: { $in: ['open', 'acknowledged'] } }, sort: { i: -1 }, limit: 20 },
  { name: 'a boolean flag, claim-style', filter: { pending: true }, sort: { createdAt: 1 }, limit: 1 },
  { name: 'false is not missing', filter: { pending: false } },
  { name: 'a value inside arrays and as a plain string', filter: { tags: 'db' } },
  { name: 'a workflow ID and a date range', filter: { workflowId: 'alert-7', createdAt: { $gte: new Date(Date.UTC(2026, 10, 1, 2)) } } },
  { name: 'a value nobody has', filter: { workflowId: 'alert-999' } },
  { name: 'a number where strings are indexed (scan)', filter: { status: 7 } },
  { name: '$ne (scan)', filter: { status: { $ne: 'resolved' } }, sort: { i: 1 }, limit: 30 },
  { name: 'a date (scan)', filter: { createdAt: new Date(Date.UTC(2026, 10, 1) + 42 * 60_000) } },
];

async function answers(c: mongo.Collection<Doc>): Promise<Record<string, number[]>> {
  const out: Record<string, number[]> = {};
  for (const q of QUERIES) {
    let cursor = c.find(q.filter);
    if (q.sort) cursor = cursor.sort(q.sort);
    if (q.limit) cursor = cursor.limit(q.limit);
    out[q.name] = (await cursor.toArray()).map((d) => d.i as number);
    out[`${q.name} (count)`] = [await c.countDocuments(q.filter)];
  }
  return out;
}

/** The same writes on both collections: status changes, flags cleared and set, arrays replaced, deletes. */
async function churn(c: mongo.Collection<Doc>): Promise<void> {
  await c.updateMany({ i: { $lt: 60 } }, { $set: { status: 'resolved' }, $unset: { pending: '' } });
  await c.updateOne({ i: 61 }, { $set: { tags: ['db', 'moved'], pending: true } });
  await c.findOneAndUpdate({ pending: true }, { $set: { pending: false } }, { sort: { createdAt: 1 } });
  await c.deleteMany({ serviceId: SERVICES[0], status: 'open' });
  await c.insertOne({ _id: new mongo.ObjectId(), i: 1000, status: 'open', serviceId: SERVICES[0], pending: true, tags: ['db'], workflowId: 'alert-7', createdAt: new Date() });
}

describe('on the in-memory server', () => {
  let conn: Connection;
  beforeAll(async () => {
    conn = await connectTestDb('secondary-index');
  });
  afterAll(async () => {
    if (conn) await closeTestDb(conn);
  });

  test('every query answers as a scan does, in the same order, before and after updates and deletes', async () => {
    const withIndexes = await indexed(conn, 'indexed');
    const plain = conn.db!.collection<Doc>('plain');
    const docs = documents();
    await withIndexes.insertMany(docs.map((d) => ({ ...d })));
    await plain.insertMany(docs.map((d) => ({ ...d })));
    const before = await answers(plain);
    expect(before['one status']).toHaveLength(94); // not a vacuous comparison
    expect((before['a value inside arrays and as a plain string'] ?? []).length).toBeGreaterThan(100);
    expect(await answers(withIndexes)).toEqual(before);
    await indexed(conn, 'indexed'); // createIndex again, as mongoose does at each start
    expect(await answers(withIndexes)).toEqual(before);

    await churn(withIndexes);
    await churn(plain);
    const after = await answers(plain);
    expect(after).not.toEqual(before);
    expect(await answers(withIndexes)).toEqual(after);
  });
});

describe('on the on-disk server', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'nightline-h2-index-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** Its own server on an H2 file in `dir` (not the suite's shared in-memory one). */
  async function onDisk<T>(use: (conn: Connection) => Promise<T>): Promise<T> {
    const services = await startServices({ dataDir: dir, temporal: false, mongo: true, binaries: await ensureBinaries(), log: () => undefined, ignoreEnv: true });
    if (!services.mongoUri) throw new Error('startServices started no Mongo-wire server');
    const conn = await mongoose.createConnection(services.mongoUri, { dbName: 'h2index' }).asPromise();
    try {
      return await use(conn);
    } finally {
      await conn.close();
      await services.stop();
    }
  }

  /** What each index holds, as the server's validate command counts it. */
  const keysPerIndex = async (conn: Connection, name: string) =>
    ((await conn.db!.command({ validate: name })) as { keysPerIndex: Record<string, number> }).keysPerIndex;

  test('the indexes hold keyed values only, follow every write, are rebuilt when the server reopens its file, and answer as a scan does', async () => {
    const docs = documents();
    const expected = await onDisk(async (conn) => {
      const c = await indexed(conn, 'indexed');
      const plain = conn.db!.collection<Doc>('plain');
      await c.insertMany(docs.map((d) => ({ ...d })));
      await plain.insertMany(docs.map((d) => ({ ...d })));
      // Dates are not kept, nor the 18 numeric statuses; the sparse flag is on 60 documents.
      expect(await keysPerIndex(conn, 'indexed')).toMatchObject({ serviceId_1: 300, 'status_1_createdAt_-1': 282, pending_1_createdAt_1: 60, tags_1: 300, createdAt_1: 0 });
      expect(await answers(c)).toEqual(await answers(plain));
      // mongoose sends createIndex for every index at each start: asking again must not lose what they hold.
      await indexed(conn, 'indexed');
      expect(await answers(c)).toEqual(await answers(plain));
      await churn(c);
      await churn(plain);
      const scan = await answers(plain);
      expect(await answers(c)).toEqual(scan);
      const flagged = await plain.countDocuments({ pending: { $in: [true, false] } });
      return { scan, keys: await keysPerIndex(conn, 'indexed'), left: await c.countDocuments({}), flagged };
    });
    expect(expected.left).toBeLessThan(300);
    expect(expected.flagged).toBeLessThan(60);
    expect(expected.keys).toMatchObject({ serviceId_1: expected.left, pending_1_createdAt_1: expected.flagged });
    await onDisk(async (conn) => {
      const c = conn.db!.collection<Doc>('indexed');
      expect(await keysPerIndex(conn, 'indexed')).toEqual(expected.keys);
      expect(await answers(c)).toEqual(expected.scan);
      expect(await answers(conn.db!.collection<Doc>('plain'))).toEqual(expected.scan);
    });
  });
});

/**
 * The launcher's secondary indexes (scripts/services/EqualityIndex.java): mongo-java-server ignores every
 * non-unique index, so the launcher keeps its own for equality on a string, boolean, ObjectId or date field, and
 * for ranges of dates. These tests
 * hold it to one rule: every answer equals the answer the same query gets from a collection without indexes
 * (a scan), in the same order, through inserts, updates and deletes, and after the on-disk server restarts.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Connection, mongo } from 'mongoose';

import { ownMongoWire } from '../setup/own-mongo-wire';

jest.setTimeout(120_000);

type Doc = mongo.Document;
const SERVICES = [new mongo.ObjectId(), new mongo.ObjectId(), new mongo.ObjectId()];
const STATUSES = ['open', 'acknowledged', 'resolved'];

const at = (minute: number) => new Date(Date.UTC(2026, 10, 1) + minute * 60_000);

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
    // Dates, arrays of dates, a number and nothing, for ranges.
    ...(i % 7 === 0 ? {} : { when: i % 11 === 0 ? [at(i), at(i + 100)] : i % 13 === 0 ? i : at(i) }),
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
  await c.createIndex({ when: -1 });
  return c;
}

/** Queries an index can answer, and some it must leave to the scan; each with and without a sort. */
const QUERIES: Array<{ name: string; filter: Doc; sort?: Doc; skip?: number; limit?: number }> = [
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
  { name: 'one date', filter: { createdAt: at(42) } },
  { name: 'a span of dates, newest first', filter: { createdAt: { $gte: at(50), $lt: at(120) } }, sort: { createdAt: -1 }, limit: 25 },
  { name: 'after a date, with a status', filter: { createdAt: { $gt: at(200) }, status: 'open' } },
  { name: 'up to a date, inclusive', filter: { createdAt: { $lte: at(30) } } },
  { name: 'a span that holds nothing', filter: { createdAt: { $gte: at(500), $lt: at(400) } } },
  { name: 'dates in arrays, numbers beside them', filter: { when: { $gte: at(150), $lte: at(260) } }, sort: { i: 1 } },
  { name: 'before a date, numbers beside them', filter: { when: { $lt: at(100) } }, sort: { i: 1 } },
  { name: 'after a date, numbers beside them', filter: { when: { $gt: at(100) } }, sort: { i: 1 } },
  { name: 'newest 10, no filter', filter: {}, sort: { createdAt: -1 }, limit: 10 },
  { name: 'newest, third page', filter: {}, sort: { createdAt: -1, i: -1 }, skip: 20, limit: 10 },
  { name: 'newest open of one service', filter: { status: 'open', serviceId: SERVICES[1] }, sort: { createdAt: -1 }, limit: 5 },
  { name: 'newest of a rare workflow (the window grows, then goes)', filter: { workflowId: 'alert-7' }, sort: { createdAt: -1 }, limit: 20 },
  { name: 'newest of a workflow nobody has', filter: { workflowId: 'alert-999' }, sort: { createdAt: -1 }, limit: 5 },
  { name: 'newest of one service, second page', filter: { serviceId: SERVICES[2] }, sort: { createdAt: -1 }, skip: 10, limit: 10 },
  { name: 'newest before a date', filter: { createdAt: { $lt: at(150) } }, sort: { createdAt: -1 }, limit: 7 },
  { name: 'newest by a field with arrays and numbers (no bound)', filter: {}, sort: { when: -1, i: 1 }, limit: 15 },
  { name: 'a range with an operator the index does not take (scan)', filter: { when: { $gte: at(10), $ne: at(20) } } },
];

async function answers(c: mongo.Collection<Doc>): Promise<Record<string, number[]>> {
  const out: Record<string, number[]> = {};
  for (const q of QUERIES) {
    let cursor = c.find(q.filter);
    if (q.sort) cursor = cursor.sort(q.sort);
    if (q.skip) cursor = cursor.skip(q.skip);
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
  await c.updateMany({ i: { $gte: 200, $lt: 220 } }, { $set: { when: at(5) } });
  await c.updateMany({ i: { $gte: 220, $lt: 230 } }, { $unset: { when: '' } });
  await c.insertOne({ _id: new mongo.ObjectId(), i: 1000, status: 'open', serviceId: SERVICES[0], pending: true, tags: ['db'], workflowId: 'alert-7', createdAt: new Date(), when: at(240) });
}

/** What each index holds, as the server's validate command counts it. */
const keysPerIndex = async (conn: Connection, name: string) =>
  ((await conn.db!.command({ validate: name })) as { keysPerIndex: Record<string, number> }).keysPerIndex;

const ownServer = <T>(dataDir: string | undefined, use: (conn: Connection) => Promise<T>) => ownMongoWire(dataDir, 'secondary-index', use);

/**
 * Loads the same documents into an indexed collection and a plain one, checks what the indexes hold, compares every
 * answer, asks for the indexes again (mongoose does at each start), writes the same changes to both and compares
 * again. Returns the answers and what the indexes hold after the writes.
 */
async function compareWithScan(conn: Connection) {
  const c = await indexed(conn, 'indexed');
  const plain = conn.db!.collection<Doc>('plain');
  const docs = documents();
  await c.insertMany(docs.map((d) => ({ ...d })));
  await plain.insertMany(docs.map((d) => ({ ...d })));
  // The 18 numeric statuses are not kept, nor 'when' where it is a number or missing; the flag is on 60.
  const whenKept = await plain.countDocuments({ when: { $type: ['date', 'array'] } });
  expect(whenKept).toBeGreaterThan(200);
  expect(await keysPerIndex(conn, 'indexed')).toMatchObject({ serviceId_1: 300, 'status_1_createdAt_-1': 282, pending_1_createdAt_1: 60, tags_1: 300, createdAt_1: 300, 'when_-1': whenKept });
  const before = await answers(plain);
  expect(before['one status']).toHaveLength(94); // not a vacuous comparison
  expect((before['a value inside arrays and as a plain string'] ?? []).length).toBeGreaterThan(100);
  expect((before['dates in arrays, numbers beside them'] ?? []).length).toBeGreaterThan(50);
  expect(await answers(c)).toEqual(before);
  await indexed(conn, 'indexed');
  expect(await answers(c)).toEqual(before);

  await churn(c);
  await churn(plain);
  const scan = await answers(plain);
  expect(scan).not.toEqual(before);
  expect(await answers(c)).toEqual(scan);
  const left = await c.countDocuments({});
  expect(left).toBeLessThan(300);
  const flagged = await plain.countDocuments({ pending: { $in: [true, false] } });
  const keys = await keysPerIndex(conn, 'indexed');
  expect(keys).toMatchObject({ serviceId_1: left, createdAt_1: left, pending_1_createdAt_1: flagged, 'when_-1': await plain.countDocuments({ when: { $type: ['date', 'array'] } }) });
  return { scan, keys };
}

test('in memory: every query answers as a scan does, in the same order, and the indexes follow every write', async () => {
  await ownServer(undefined, compareWithScan);
});

test('on disk: the same, and the indexes are rebuilt when the server reopens its file', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'nightline-h2-index-'));
  try {
    const expected = await ownServer(dir, compareWithScan);
    await ownServer(dir, async (conn) => {
      expect(await keysPerIndex(conn, 'indexed')).toEqual(expected.keys);
      expect(await answers(conn.db!.collection<Doc>('indexed'))).toEqual(expected.scan);
      expect(await answers(conn.db!.collection<Doc>('plain'))).toEqual(expected.scan);
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("the launcher's log names the index that served each query shape, and 'scan' where none could", async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'nightline-served-'));
  const log = path.join(dir, 'served.log');
  const saved = { file: process.env.NIGHTLINE_MONGO_SCAN_LOG, ms: process.env.NIGHTLINE_MONGO_SCAN_LOG_MS };
  Object.assign(process.env, { NIGHTLINE_MONGO_SCAN_LOG: log, NIGHTLINE_MONGO_SCAN_LOG_MS: '200' });
  try {
    const text = await ownServer(undefined, async (conn) => {
      const c = await indexed(conn, 'big'); // shapes are logged on collections of more than 1,000 documents
      await c.insertMany(Array.from({ length: 5 }, () => documents()).flat().map((d) => ({ ...d, _id: new mongo.ObjectId() })));
      await c.find({ status: 'open', serviceId: SERVICES[1] }).toArray();
      await c.find({ createdAt: { $gte: at(10), $lt: at(20) }, status: 'open' }).toArray();
      await c.find({ status: { $ne: 'open' } }).toArray();
      await c.countDocuments({ serviceId: SERVICES[2], workflowId: 'alert-3' }); // an aggregate: $match, then $group
      await c.find({}).sort({ createdAt: -1 }).limit(5).toArray(); // the newest: run with a time bound
      const some = await c.find({}).limit(3).toArray();
      await c.find({ _id: { $in: some.map((d) => d._id) } }).toArray();
      await new Promise((r) => setTimeout(r, 700));
      return readFile(log, 'utf8');
    });
    // The narrowest: a service holds a third of the documents, 'open' about a third, a span of 10 minutes 50.
    expect(text).toMatch(/1 x big \[serviceId, status\] via (serviceId_1|status_1_createdAt_-1)/);
    expect(text).toContain('1 x big [createdAt, status] via createdAt_1');
    expect(text).toContain('1 x big [status] via scan');
    // A count: the narrowest condition's documents looked up in the other index, none read.
    expect(text).toContain('1 x big [serviceId, workflowId] via counts of serviceId_1 and workflowId_1_createdAt_-1');
    expect(text).toContain('1 x big [_id] via _id_');
    expect(text).toContain('1 x big [createdAt] via createdAt_1');
  } finally {
    for (const [name, value] of [['NIGHTLINE_MONGO_SCAN_LOG', saved.file], ['NIGHTLINE_MONGO_SCAN_LOG_MS', saved.ms]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await rm(dir, { recursive: true, force: true });
  }
});

test('an aggregate that opens with $match answers as the server\'s own pipeline does; countDocuments included', async () => {
  await ownServer(undefined, async (conn) => {
    const c = await indexed(conn, 'agg');
    await c.insertMany(documents());
    await churn(c);
    const pipelines: Doc[][] = [
      [{ $match: { serviceId: SERVICES[1] } }, { $group: { _id: 1, n: { $sum: 1 } } }],
      [{ $match: { status: { $in: ['open', 'acknowledged'] }, createdAt: { $gte: at(100) } } }, { $sort: { i: -1 } }, { $skip: 3 }, { $limit: 10 }, { $project: { _id: 0, i: 1, status: 1 } }],
      [{ $match: { tags: 'db' } }, { $group: { _id: '$status', n: { $sum: 1 }, first: { $min: '$i' } } }, { $sort: { _id: 1 } }],
      [{ $match: { workflowId: 'alert-999' } }, { $group: { _id: 1, n: { $sum: 1 } } }],
      [{ $match: { query: 'a field named query' } }, { $count: 'n' }],
      // countDocuments' own shape, counted without reading documents where an index or the size says it exactly:
      [{ $match: {} }, { $group: { _id: 1, n: { $sum: 1 } } }],
      [{ $match: { status: { $in: ['open', 'resolved'] } } }, { $group: { _id: 1, n: { $sum: 1 } } }],
      [{ $match: { createdAt: { $gte: at(30), $lt: at(90) } } }, { $group: { _id: 1, n: { $sum: 1 } } }],
      [{ $match: { tags: 'db' } }, { $group: { _id: 1, n: { $sum: 1 } } }], // arrays there: read, not counted
      // Several conditions: the narrowest one's documents looked up in the other indexes.
      [{ $match: { status: 'resolved', createdAt: { $gte: at(30), $lt: at(200) } } }, { $group: { _id: 1, n: { $sum: 1 } } }],
      [{ $match: { status: { $in: ['open', 'acknowledged'] }, serviceId: SERVICES[1] } }, { $group: { _id: 1, n: { $sum: 1 } } }],
      [{ $match: { workflowId: 'alert-3', pending: true, serviceId: SERVICES[0] } }, { $group: { _id: 1, n: { $sum: 1 } } }],
      [{ $match: { status: 'open', createdAt: at(42) } }, { $group: { _id: 1, n: { $sum: 1 } } }], // one date beside: read
      [{ $match: { createdAt: { $gte: at(30) }, when: { $lt: at(100) } } }, { $group: { _id: 1, n: { $sum: 1 } } }], // two spans: read
      [{ $match: { serviceId: SERVICES[2], tags: 'db' } }, { $group: { _id: 1, n: { $sum: 1 } } }], // arrays in one: read
      [{ $match: { serviceId: SERVICES[2], i: 5 } }, { $group: { _id: 1, n: { $sum: 1 } } }], // a field with no index: read
      [{ $match: { status: 7 } }, { $group: { _id: 1, n: { $sum: 1 } } }], // numbers are not kept: read
    ];
    for (const pipeline of pipelines) {
      // A leading $match on $expr is left to the server: the same pipeline, run the server's own way.
      const own = await c.aggregate([{ $match: { $expr: { $eq: [1, 1] } } }, ...pipeline]).toArray();
      expect(await c.aggregate(pipeline).toArray()).toEqual(own);
    }
    const counted = await c.countDocuments({ serviceId: SERVICES[1] });
    expect(counted).toBeGreaterThan(50);
    expect(counted).toBe((await c.find({ serviceId: SERVICES[1] }).toArray()).length);
  });
});

/**
 * What the test Mongo-wire server (mongo-java-server) does with the queries Nightline relies on.
 * docs/MONGO-WIRE-NOTES.md explains each finding; the "gap" tests pin down where it differs from
 * MongoDB 7 so that a server upgrade that closes a gap shows up here.
 */
import type { Connection, mongo } from 'mongoose';

import { closeTestDb, connectTestDb } from '../setup/mongo';

jest.setTimeout(60_000);

let conn: Connection;
let n = 0;

beforeAll(async () => {
  conn = await connectTestDb('compat');
});

afterAll(async () => {
  if (conn) await closeTestDb(conn);
});

/** A fresh collection per test, so no test sees another's documents or indexes. */
function freshCollection<T extends mongo.Document = mongo.Document>(): mongo.Collection<T> {
  n += 1;
  if (!conn.db) throw new Error('test connection has no db');
  return conn.db.collection<T>(`c${n}`);
}

const T0 = Date.parse('2026-03-29T00:00:00Z');
const HOUR = 3_600_000;

test('an upsert with $setOnInsert sets creation fields once, while $inc counts every call', async () => {
  const c = freshCollection();
  const upsert = (by: string) =>
    c.findOneAndUpdate(
      { dedupKey: 'disk-full' },
      { $setOnInsert: { openedBy: by, openedAt: new Date(T0) }, $inc: { occurrences: 1 } },
      { upsert: true, returnDocument: 'after' },
    );

  const first = await upsert('alertmanager');
  const second = await upsert('pagerduty');

  expect(first).toMatchObject({ openedBy: 'alertmanager', occurrences: 1 });
  expect(second).toMatchObject({ _id: first?._id, openedBy: 'alertmanager', occurrences: 2 });
  expect(await c.countDocuments({ dedupKey: 'disk-full' })).toBe(1);
});

test('$push appends to an array, and $push with $each and $slice keeps only the newest entries', async () => {
  const c = freshCollection<{ timeline: string[] }>();
  const { insertedId } = await c.insertOne({ timeline: [] });

  await c.updateOne({ _id: insertedId }, { $push: { timeline: 'triggered' } });
  await c.updateOne(
    { _id: insertedId },
    { $push: { timeline: { $each: ['paged', 'acked', 'resolved'], $slice: -3 } } },
  );

  expect((await c.findOne({ _id: insertedId }))?.timeline).toEqual(['paged', 'acked', 'resolved']);
});

test('sort, skip and limit page through documents in order', async () => {
  const c = freshCollection();
  await c.insertMany(Array.from({ length: 10 }, (_, seq) => ({ seq, team: seq % 2 ? 'red' : 'blue' })));

  const page = await c.find({}).sort({ seq: -1 }).skip(3).limit(3).project({ _id: 0, seq: 1 }).toArray();
  const byTeam = await c.find({}).sort({ team: 1, seq: -1 }).limit(2).project({ _id: 0, seq: 1 }).toArray();

  expect(page).toEqual([{ seq: 6 }, { seq: 5 }, { seq: 4 }]);
  expect(byTeam).toEqual([{ seq: 8 }, { seq: 6 }]);
});

test('$in and a $gte/$lt date window select exactly the matching documents, and countDocuments agrees', async () => {
  const c = freshCollection();
  await c.insertMany(
    Array.from({ length: 8 }, (_, i) => ({
      i,
      at: new Date(T0 + i * HOUR),
      status: i % 3 ? 'open' : 'resolved',
    })),
  );
  const window = {
    at: { $gte: new Date(T0 + 2 * HOUR), $lt: new Date(T0 + 6 * HOUR) },
    status: { $in: ['open', 'acked'] },
  };

  const found = await c.find(window).sort({ i: 1 }).project({ _id: 0, i: 1 }).toArray();

  expect(found).toEqual([{ i: 2 }, { i: 4 }, { i: 5 }]);
  expect(await c.countDocuments(window)).toBe(3);
});

test('a compound unique index rejects a second document with the same pair with error 11000', async () => {
  const c = freshCollection();
  await c.createIndex({ scheduleId: 1, date: 1 }, { unique: true });
  await c.insertOne({ scheduleId: 's1', date: '2026-12-25' });
  await c.insertOne({ scheduleId: 's2', date: '2026-12-25' });

  await expect(c.insertOne({ scheduleId: 's1', date: '2026-12-25' })).rejects.toMatchObject({ code: 11000 });
  expect(await c.countDocuments()).toBe(2);
});

test('gap: a partial unique index is enforced on every document, not only on those matching its filter', async () => {
  const c = freshCollection();
  await c.createIndex({ dedupKey: 1 }, { unique: true, partialFilterExpression: { open: true } });
  await c.insertOne({ dedupKey: 'cpu', open: false });

  // MongoDB 7 accepts this second closed document; mongo-java-server ignores the filter.
  await expect(c.insertOne({ dedupKey: 'cpu', open: false })).rejects.toMatchObject({ code: 11000 });
});

test('gap: transactions are refused because the server offers no sessions', async () => {
  const c = freshCollection();
  const session = conn.getClient().startSession();
  try {
    const inTransaction = session.withTransaction(async () => {
      await c.insertOne({ in: 'transaction' }, { session });
    });
    await expect(inTransaction).rejects.toThrow(/does not support sessions/);
  } finally {
    await session.endSession();
  }
  expect(await c.countDocuments()).toBe(0);
});

describe('queries pinned to a unique key (the launcher answers them from that index, then applies the whole query)', () => {
  test('{$eq} on _id and on a unique key finds the document; a further condition that fails finds nothing', async () => {
    const c = freshCollection<{ _id: string; key: string; status: string }>();
    await c.createIndex({ key: 1 }, { unique: true });
    await c.insertMany([
      { _id: 'a', key: 'k1', status: 'pending' },
      { _id: 'b', key: 'k2', status: 'initiated' },
    ]);

    expect(await c.findOne({ _id: { $eq: 'b' } })).toMatchObject({ key: 'k2' });
    expect(await c.findOne({ key: { $eq: 'k1' } })).toMatchObject({ _id: 'a' });
    expect(await c.findOne({ key: { $eq: 'k1' }, status: { $nin: ['initiated', 'failed'] } })).toMatchObject({ _id: 'a' });
    expect(await c.findOne({ key: { $eq: 'k2' }, status: { $nin: ['initiated', 'failed'] } })).toBeNull();
    expect(await c.findOne({ key: { $eq: 'missing' } })).toBeNull();
  });

  test('a guarded update by {$eq} changes only the matching document, once', async () => {
    const c = freshCollection<{ key: string; status: string }>();
    await c.createIndex({ key: 1 }, { unique: true });
    await c.insertMany([{ key: 'k1', status: 'pending' }, { key: 'k2', status: 'pending' }]);
    const guarded = () => c.updateOne({ key: { $eq: 'k1' }, status: { $ne: 'answered' } }, { $set: { status: 'answered' } });

    expect((await guarded()).modifiedCount).toBe(1);
    expect((await guarded()).modifiedCount).toBe(0);
    expect((await c.find({}, { projection: { _id: 0 } }).sort({ key: 1 }).toArray())).toEqual([
      { key: 'k1', status: 'answered' },
      { key: 'k2', status: 'pending' },
    ]);
  });

  test('every key of a compound unique index pinned finds its one document; one key left open still finds all matches', async () => {
    const c = freshCollection<{ userId: string; alertId: string; code: number }>();
    await c.createIndex({ userId: 1, alertId: 1 }, { unique: true });
    await c.insertMany([
      { userId: 'u1', alertId: 'a1', code: 1 },
      { userId: 'u1', alertId: 'a2', code: 2 },
      { userId: 'u2', alertId: 'a1', code: 1 },
    ]);

    expect(await c.findOne({ userId: { $eq: 'u1' }, alertId: { $eq: 'a2' } })).toMatchObject({ code: 2 });
    expect(await c.findOne({ userId: 'u2', alertId: { $eq: 'a1' }, code: 1 })).toMatchObject({ userId: 'u2' });
    expect(await c.findOne({ userId: { $eq: 'u2' }, alertId: { $eq: 'a2' } })).toBeNull();
    expect(await c.countDocuments({ userId: { $eq: 'u1' } })).toBe(2);
    expect(await c.countDocuments({ alertId: { $in: ['a1', 'a2'] }, userId: 'u1' })).toBe(2);
  });
});

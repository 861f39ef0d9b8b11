/**
 * The on-disk launcher's unique indexes (scripts/services/CachedUniqueIndex.java) keep recently used keys on the
 * heap in front of H2's map. These tests hold them to what MongoDB does: a lookup by _id or by a unique key finds the
 * document while it exists and nothing once it is gone, a taken key is refused, a freed key can be taken again, and
 * all of it survives a restart of the server on its file. More documents than the cache holds (4,096 per index)
 * pass through it, so lookups are answered both from the heap and from the file.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Connection, mongo } from 'mongoose';

import { ownMongoWire } from '../setup/own-mongo-wire';

jest.setTimeout(180_000);

const COUNT = 5_000;
const idOf = (i: number) => `user-${i % 50}:call:${i}`;
const keyOf = (i: number) => `page-${i}`;

interface Page {
  _id: string;
  key: string;
  userId: string;
  seq: number;
  i: number;
}

const page = (i: number): Page => ({ _id: idOf(i), key: keyOf(i), userId: `user-${i % 50}`, seq: i, i });
const onDisk = <T>(dir: string, use: (c: mongo.Collection<Page>, conn: Connection) => Promise<T>) =>
  ownMongoWire(dir, 'unique-index', (conn) => use(conn.db!.collection<Page>('pages'), conn));

const DUPLICATE = /E11000|duplicate key/;

/** Which of `ids` findOne finds by _id and by the unique key, as the `i` of what it found (null: nothing). */
async function lookups(c: mongo.Collection<Page>, ids: number[]) {
  const found: Array<[number | null, number | null]> = [];
  for (const i of ids) {
    const byId = await c.findOne({ _id: idOf(i) });
    const byKey = await c.findOne({ key: { $eq: keyOf(i) } });
    found.push([byId?.i ?? null, byKey?.i ?? null]);
  }
  return found;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'nightline-h2-unique-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('lookups, refusals and reuse of keys follow every write, past the cache and across a restart', async () => {
  const sample = [0, 1, 17, 2_500, 4_095, 4_096, 4_999];
  await onDisk(dir, async (c) => {
    await c.createIndex({ key: 1 }, { unique: true });
    await c.createIndex({ userId: 1, seq: 1 }, { unique: true });
    for (let from = 0; from < COUNT; from += 500) {
      await c.insertMany(Array.from({ length: 500 }, (_, k) => page(from + k)));
    }
    // Every document once by _id (the first 4,096 fill the cache, the rest start it again), then the sample.
    for (let i = 0; i < COUNT; i += 1) expect((await c.findOne({ _id: idOf(i) }))?.i).toBe(i);
    expect(await lookups(c, sample)).toEqual(sample.map((i) => [i, i]));

    // Taken keys are refused, by each unique index.
    await expect(c.insertOne({ ...page(17), key: 'fresh-1', seq: -1 })).rejects.toThrow(DUPLICATE);
    await expect(c.insertOne({ ...page(17), _id: 'fresh-2', seq: -2 })).rejects.toThrow(DUPLICATE);
    await expect(c.insertOne({ ...page(17), _id: 'fresh-3', key: 'fresh-3' })).rejects.toThrow(DUPLICATE);

    // A deleted document is gone by _id and by key, and both can be taken again.
    expect((await c.deleteOne({ _id: idOf(2_500) })).deletedCount).toBe(1);
    expect(await lookups(c, [2_500])).toEqual([[null, null]]);
    await c.insertOne({ ...page(2_500), i: -2_500 });
    expect(await lookups(c, [2_500])).toEqual([[-2_500, -2_500]]);

    // A unique field that changes: the old value is free, the new one taken.
    await c.updateOne({ _id: idOf(1) }, { $set: { key: 'moved-1' } });
    expect(await c.findOne({ key: keyOf(1) })).toBeNull();
    expect((await c.findOne({ key: 'moved-1' }))?.i).toBe(1);
    await expect(c.insertOne({ ...page(COUNT), key: 'moved-1' })).rejects.toThrow(DUPLICATE);
    await c.insertOne({ ...page(COUNT), key: keyOf(1) });
    expect((await c.findOne({ key: keyOf(1) }))?.i).toBe(COUNT);

    // The guarded single-document updates Nightline makes, by _id with a condition beside it.
    const claimed = await c.findOneAndUpdate({ _id: idOf(4_096), seq: 4_096 }, { $set: { seq: -4_096 } }, { returnDocument: 'after' });
    expect(claimed?.seq).toBe(-4_096);
    expect(await c.findOneAndUpdate({ _id: idOf(4_096), seq: 4_096 }, { $set: { seq: 0 } })).toBeNull();

    // An _id that is a document is looked up in the file, never the cache; field order makes another _id.
    await c.insertOne({ _id: { a: 1, b: 2 } as unknown as string, key: 'doc-ab', userId: 'x', seq: 1, i: -10 });
    await c.insertOne({ _id: { b: 2, a: 1 } as unknown as string, key: 'doc-ba', userId: 'x', seq: 2, i: -11 });
    expect((await c.findOne({ _id: { b: 2, a: 1 } as unknown as string }))?.i).toBe(-11);
    await c.deleteOne({ _id: { a: 1, b: 2 } as unknown as string });
    expect(await c.findOne({ _id: { a: 1, b: 2 } as unknown as string })).toBeNull();
    expect((await c.findOne({ _id: { b: 2, a: 1 } as unknown as string }))?.i).toBe(-11);
  });

  // The file as the next start finds it: an empty cache in front of the same maps.
  await onDisk(dir, async (c) => {
    expect(await c.countDocuments({})).toBe(COUNT + 2); // and the document whose _id is a document
    expect(await lookups(c, [0, 17, 2_500, 4_999, COUNT])).toEqual([[0, 0], [17, 17], [-2_500, -2_500], [4_999, 4_999], [COUNT, null]]);
    expect((await c.findOne({ key: keyOf(1) }))?.i).toBe(COUNT);
    expect((await c.findOne({ _id: idOf(4_096) }))?.seq).toBe(-4_096);
    await expect(c.insertOne({ ...page(4_999), key: 'fresh-4' })).rejects.toThrow(DUPLICATE);
    await expect(c.insertOne({ ...page(COUNT + 1), key: 'moved-1' })).rejects.toThrow(DUPLICATE);
    await expect(c.insertOne({ ...page(COUNT + 1), userId: 'user-3', seq: 3 })).rejects.toThrow(DUPLICATE);
    await c.insertOne(page(COUNT + 1));
    expect(await lookups(c, [COUNT + 1])).toEqual([[COUNT + 1, COUNT + 1]]);
  });
});

import { Types, type Connection } from 'mongoose';
import { createOverrides } from '../../src/db/schedule-override.repository';
import { overrideModel } from '../../src/db/schedule-override.model';
import { closeTestDb, connectTestDb } from '../setup/mongo';

let conn: Connection;
beforeEach(async () => {
  conn = await connectTestDb('override_swap');
});
afterEach(async () => {
  jest.restoreAllMocks();
  await closeTestDb(conn);
});

const scheduleId = new Types.ObjectId().toHexString();
const at = (h: number) => new Date(Date.UTC(2026, 11, 1, h));
const swap = () => [
  { userId: 'bob', replacesUserId: 'alice', startsAt: at(9), endsAt: at(17) },
  { userId: 'alice', replacesUserId: 'bob', startsAt: at(33), endsAt: at(41) },
];

test('a swap whose insert breaks after its first override leaves neither override behind', async () => {
  const Overrides = overrideModel(conn);
  // The connection drops after the server stored the first document of the batch.
  jest.spyOn(Overrides, 'insertMany').mockImplementationOnce((async (docs: { toObject(): object }[]) => {
    await Overrides.collection.insertOne(docs[0]!.toObject());
    throw new Error('connection reset by peer');
  }) as never);
  await expect(createOverrides(conn, scheduleId, swap(), 'swap-1')).rejects.toThrow('connection reset by peer');
  expect(await Overrides.countDocuments({ swapId: 'swap-1' })).toBe(0);
});

test('a swap with an invalid half writes nothing at all', async () => {
  const bad = swap();
  bad[1]!.startsAt = new Date(Number.NaN);
  await expect(createOverrides(conn, scheduleId, bad, 'swap-2')).rejects.toThrow();
  expect(await overrideModel(conn).countDocuments({ swapId: 'swap-2' })).toBe(0);
});

test('a swap that goes through stores both overrides under one swap id', async () => {
  const made = await createOverrides(conn, scheduleId, swap(), 'swap-3');
  expect(made.map((o) => [o.userId, o.replacesUserId])).toEqual([
    ['bob', 'alice'],
    ['alice', 'bob'],
  ]);
  expect(await overrideModel(conn).countDocuments({ swapId: 'swap-3' })).toBe(2);
});

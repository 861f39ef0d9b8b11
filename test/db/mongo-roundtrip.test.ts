import { type Connection, type Model, Schema } from 'mongoose';

import { closeTestDb, connectTestDb } from '../setup/mongo';

interface Responder {
  email: string;
  name: string;
  phone: string;
  pagesReceived: number;
}

const responderSchema = new Schema<Responder>({
  email: { type: String, required: true, unique: true },
  name: { type: String, required: true },
  phone: { type: String, required: true },
  pagesReceived: { type: Number, default: 0 },
});

// The project's testTimeout is not applied per project by jest; bundling and server start need more than 5 s.
jest.setTimeout(60_000);

let conn: Connection;
let Responders: Model<Responder>;

beforeAll(async () => {
  conn = await connectTestDb('roundtrip');
  Responders = conn.model<Responder>('Responder', responderSchema);
  // Builds the unique index before any test relies on it.
  await Responders.init();
});

afterAll(async () => {
  if (conn) await closeTestDb(conn);
});

test('a document round-trips through a mongoose model on the Mongo-wire server: create, find, update, delete', async () => {
  const created = await Responders.create({ email: 'ada@example.org', name: 'Ada', phone: '+15550000001' });
  const found = await Responders.findById(created._id).lean();
  expect(found).toMatchObject({
    email: 'ada@example.org',
    name: 'Ada',
    phone: '+15550000001',
    pagesReceived: 0,
  });

  const updated = await Responders.findOneAndUpdate(
    { email: 'ada@example.org' },
    { $set: { phone: '+15550000002' }, $inc: { pagesReceived: 1 } },
    { returnDocument: 'after' },
  ).lean();
  expect(updated).toMatchObject({ phone: '+15550000002', pagesReceived: 1 });

  const deleted = await Responders.deleteOne({ _id: created._id });
  expect(deleted.deletedCount).toBe(1);
  expect(await Responders.findById(created._id)).toBeNull();
});

test('a second responder with the same email is rejected by the unique index with duplicate key error 11000', async () => {
  await Responders.create({ email: 'grace@example.org', name: 'Grace', phone: '+15550000003' });

  const duplicate = Responders.create({
    email: 'grace@example.org',
    name: 'Other Grace',
    phone: '+15550000004',
  });

  await expect(duplicate).rejects.toMatchObject({ code: 11000 });
  expect(await Responders.countDocuments({ email: 'grace@example.org' })).toBe(1);
});

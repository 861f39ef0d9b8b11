import { type Connection, Schema } from 'mongoose';

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

let conn: Connection;

beforeAll(async () => {
  conn = await connectTestDb('roundtrip');
});

afterAll(async () => {
  if (conn) await closeTestDb(conn);
});

function responders() {
  return conn.models.Responder ?? conn.model<Responder>('Responder', responderSchema);
}

test('a document round-trips through a mongoose model on the Mongo-wire server: create, find, update, delete', async () => {
  const Responder = responders();
  await Responder.init();

  const created = await Responder.create({ email: 'ada@example.org', name: 'Ada', phone: '+15550000001' });
  const found = await Responder.findById(created._id).lean();
  expect(found).toMatchObject({ email: 'ada@example.org', name: 'Ada', phone: '+15550000001', pagesReceived: 0 });

  const updated = await Responder.findOneAndUpdate(
    { email: 'ada@example.org' },
    { $set: { phone: '+15550000002' }, $inc: { pagesReceived: 1 } },
    { new: true },
  ).lean();
  expect(updated).toMatchObject({ phone: '+15550000002', pagesReceived: 1 });

  const deleted = await Responder.deleteOne({ _id: created._id });
  expect(deleted.deletedCount).toBe(1);
  expect(await Responder.findById(created._id)).toBeNull();
});

test('a second responder with the same email is rejected by the unique index with duplicate key error 11000', async () => {
  const Responder = responders();
  await Responder.init();
  await Responder.create({ email: 'grace@example.org', name: 'Grace', phone: '+15550000003' });

  const duplicate = Responder.create({ email: 'grace@example.org', name: 'Other Grace', phone: '+15550000004' });

  await expect(duplicate).rejects.toMatchObject({ code: 11000 });
  expect(await Responder.countDocuments({ email: 'grace@example.org' })).toBe(1);
});

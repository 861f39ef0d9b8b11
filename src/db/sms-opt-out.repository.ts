import type { Connection } from 'mongoose';
import { smsOptOutModel } from './sms-opt-out.model';

export type SmsOptOutRepository = ReturnType<typeof createSmsOptOutRepository>;

export function createSmsOptOutRepository(conn: Connection) {
  const OptOuts = smsOptOutModel(conn);
  return {
    /** STOP: idempotent, a second STOP keeps the first record. */
    async optOut(phone: string, userId: string | null, keyword: string): Promise<void> {
      await OptOuts.updateOne(
        { phone: { $eq: phone } },
        { $setOnInsert: { phone, userId, keyword } },
        { upsert: true },
      ).exec();
    },

    /** START: SMS pages go to this number again. */
    async optIn(phone: string): Promise<boolean> {
      const r = await OptOuts.deleteOne({ phone: { $eq: phone } }).exec();
      return r.deletedCount === 1;
    },

    /** Which of these numbers replied STOP (one query, for a page of users). */
    async optedOutAmong(phones: string[]): Promise<Set<string>> {
      if (phones.length === 0) return new Set();
      const docs = await OptOuts.find({ phone: { $in: phones } }, { phone: 1 }).lean<{ phone: string }[]>().exec();
      return new Set(docs.map((d) => d.phone));
    },

    async isOptedOut(phone: string): Promise<boolean> {
      return (await OptOuts.exists({ phone: { $eq: phone } })) !== null;
    },
  };
}

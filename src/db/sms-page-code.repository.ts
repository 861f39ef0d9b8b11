import type { Connection } from 'mongoose';
import { isDuplicateKeyError } from './connect';
import { smsCodeCounterModel, smsPageCodeModel, type SmsPageCodeDoc } from './sms-page-code.model';

export type SmsPageCodeRepository = ReturnType<typeof createSmsPageCodeRepository>;

export function createSmsPageCodeRepository(conn: Connection) {
  const Codes = smsPageCodeModel(conn);
  const Counters = smsCodeCounterModel(conn);
  let indexed: Promise<unknown> | undefined;

  /** The person's code for one alert (there is at most one: a unique index). */
  const ofAlert = (userId: string, alertId: string) => ({ userId: { $eq: userId }, alertId: { $eq: alertId } });
  const find = (userId: string, alertId: string) => Codes.findOne(ofAlert(userId, alertId)).lean<SmsPageCodeDoc>().exec();

  return {
    /** The person's code for this alert: the same one on every page of the alert, a new one per alert. */
    async codeFor(userId: string, alertId: string, now = new Date()): Promise<number> {
      await (indexed ??= Codes.init());
      // A repeat page of the alert finds its code and marks it paged in one command.
      const existing = await Codes.findOneAndUpdate(ofAlert(userId, alertId), { $set: { lastPagedAt: now } }).lean<SmsPageCodeDoc>().exec();
      if (existing) return existing.code;
      const counter = await Counters.findOneAndUpdate(
        { _id: userId },
        { $inc: { seq: 1 } },
        { upsert: true, returnDocument: 'after' },
      )
        .lean()
        .exec();
      const code = counter?.seq ?? 1;
      try {
        await Codes.create({ userId, alertId, code, lastPagedAt: now });
        return code;
      } catch (err) {
        // A concurrent page of the same alert to the same person won; use its code.
        if (!isDuplicateKeyError(err)) throw err;
        const winner = await find(userId, alertId);
        if (!winner) throw err;
        return winner.code;
      }
    },

    async alertFor(userId: string, code: number): Promise<string | null> {
      const d = await Codes.findOne({ userId: { $eq: userId }, code: { $eq: code } }).lean<SmsPageCodeDoc>().exec();
      return d?.alertId ?? null;
    },

    async codeOf(userId: string, alertId: string): Promise<number | null> {
      return (await find(userId, alertId))?.code ?? null;
    },
  };
}

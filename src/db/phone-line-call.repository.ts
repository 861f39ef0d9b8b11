import type { Connection } from 'mongoose';
import { phoneLineCallModel, type CallHop, type PhoneLineCallDoc } from './phone-line-call.model';

export type CallFields = Partial<
  Pick<PhoneLineCallDoc, 'emergency' | 'reasonRecordingUrl' | 'recordingUrl' | 'recordingDuration' | 'transcription' | 'reachedName' | 'alertId'>
>;

export type PhoneLineCallRepository = ReturnType<typeof createPhoneLineCallRepository>;

export function createPhoneLineCallRepository(conn: Connection) {
  const Calls = phoneLineCallModel(conn);
  let indexed: Promise<unknown> | undefined;
  const bySid = (callSid: string) => ({ callSid: { $eq: callSid } });

  return {
    /** Creates the call record on its first webhook; a replayed first webhook finds it. */
    async start(c: { callSid: string; lineId: string; from: string; to: string }): Promise<void> {
      await (indexed ??= Calls.init());
      await Calls.updateOne(bySid(c.callSid), { $setOnInsert: { ...c, hops: [] } }, { upsert: true }).exec();
    },

    async find(callSid: string): Promise<PhoneLineCallDoc | null> {
      return Calls.findOne(bySid(callSid)).lean<PhoneLineCallDoc>().exec();
    },

    /** Appends a hop once per key (webhook replays do not duplicate it). */
    async hop(callSid: string, h: Omit<CallHop, 'at'>, at = new Date()): Promise<void> {
      await Calls.updateOne({ ...bySid(callSid), 'hops.key': { $ne: h.key } }, { $push: { hops: { ...h, at } } }).exec();
    },

    async set(callSid: string, fields: CallFields): Promise<PhoneLineCallDoc | null> {
      return Calls.findOneAndUpdate(bySid(callSid), { $set: fields }, { returnDocument: 'after' }).lean<PhoneLineCallDoc>().exec();
    },

    /** True for exactly one caller: the one that turns this call into an alert. */
    async claimAlert(callSid: string): Promise<PhoneLineCallDoc | null> {
      return Calls.findOneAndUpdate(
        { ...bySid(callSid), alertClaimed: false },
        { $set: { alertClaimed: true } },
        { returnDocument: 'after' },
      )
        .lean<PhoneLineCallDoc>()
        .exec();
    },

    /** Gives the claim back after a failed attempt, so a later webhook can try again. */
    async unclaimAlert(callSid: string): Promise<void> {
      await Calls.updateOne({ ...bySid(callSid), alertId: null }, { $set: { alertClaimed: false } }).exec();
    },
  };
}

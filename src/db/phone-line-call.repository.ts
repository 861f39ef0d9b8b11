import type { Connection } from 'mongoose';
import { phoneLineCallModel, type CallHop, type PhoneLineCallDoc, type RingTarget } from './phone-line-call.model';

export type CallFields = Partial<
  Pick<PhoneLineCallDoc, 'emergency' | 'reasonRecordingUrl' | 'recordingUrl' | 'recordingDuration' | 'transcription' | 'reachedName' | 'alertId'>
>;

/** A claim to raise a call's alert that is older than this was left by a process that died mid-way. */
export const CLAIM_STALE_MS = 2 * 60_000;

export type PhoneLineCallRepository = ReturnType<typeof createPhoneLineCallRepository>;

export function createPhoneLineCallRepository(conn: Connection) {
  const Calls = phoneLineCallModel(conn);
  let indexed: Promise<unknown> | undefined;
  const bySid = (callSid: string) => ({ callSid: { $eq: callSid } });

  const claimable = (now: Date) => ({
    $or: [{ alertClaimed: false }, { alertClaimedAt: { $lt: new Date(now.getTime() - CLAIM_STALE_MS) } }],
  });

  return {
    /** Creates the call record on its first webhook; a replayed first webhook finds it. */
    async start(c: { callSid: string; lineId: string; from: string; to: string }): Promise<void> {
      await (indexed ??= Calls.init());
      await Calls.updateOne(bySid(c.callSid), { $setOnInsert: { ...c, hops: [] } }, { upsert: true }).exec();
    },

    /** The line's latest calls, newest first (the console's phone-line page). */
    async recentForLine(lineId: string, limit: number): Promise<PhoneLineCallDoc[]> {
      return Calls.find({ lineId: { $eq: lineId } }).sort({ createdAt: -1, _id: -1 }).limit(limit).lean<PhoneLineCallDoc[]>().exec();
    },

    async find(callSid: string): Promise<PhoneLineCallDoc | null> {
      return Calls.findOne(bySid(callSid)).lean<PhoneLineCallDoc>().exec();
    },

    /** Appends a hop once per key (webhook replays do not duplicate it). */
    async hop(callSid: string, h: Omit<CallHop, 'at'>, at = new Date()): Promise<void> {
      await Calls.updateOne({ ...bySid(callSid), 'hops.key': { $ne: h.key } }, { $push: { hops: { ...h, at } } }).exec();
    },

    /**
     * Stores the call's ring list unless it already has one, and returns the one stored: two webhooks
     * racing at the first ring both get the same list.
     */
    async freezeRingList(callSid: string, list: RingTarget[]): Promise<RingTarget[]> {
      const doc = await Calls.findOneAndUpdate({ ...bySid(callSid), ringList: null }, { $set: { ringList: list } }, { returnDocument: 'after' })
        .lean<PhoneLineCallDoc>()
        .exec();
      return doc?.ringList ?? (await Calls.findOne(bySid(callSid)).lean<PhoneLineCallDoc>().exec())?.ringList ?? list;
    },

    async set(callSid: string, fields: CallFields): Promise<PhoneLineCallDoc | null> {
      return Calls.findOneAndUpdate(bySid(callSid), { $set: fields }, { returnDocument: 'after' }).lean<PhoneLineCallDoc>().exec();
    },

    /** True for exactly one caller: the one that turns this call into an alert (a stale claim can be taken over). */
    async claimAlert(callSid: string, now = new Date()): Promise<PhoneLineCallDoc | null> {
      return Calls.findOneAndUpdate(
        { ...bySid(callSid), alertId: null, ...claimable(now) },
        { $set: { alertClaimed: true, alertClaimedAt: now } },
        { returnDocument: 'after' },
      )
        .lean<PhoneLineCallDoc>()
        .exec();
    },

    /** Records that this call must become an alert, before the first try: a failed try is then retried later. */
    async markAlertDue(callSid: string): Promise<void> {
      await Calls.updateOne(bySid(callSid), { $set: { alertDue: true } }).exec();
    },

    /** Calls that must become alerts, have none yet and are not being raised right now (oldest first). */
    async dueForAlert(now: Date, limit: number): Promise<PhoneLineCallDoc[]> {
      return Calls.find({ alertDue: true, alertId: null, ...claimable(now) })
        .sort({ _id: 1 })
        .limit(limit)
        .lean<PhoneLineCallDoc[]>()
        .exec();
    },

    /** Gives the claim back after a failed attempt, so a later webhook can try again. */
    async unclaimAlert(callSid: string): Promise<void> {
      await Calls.updateOne({ ...bySid(callSid), alertId: null }, { $set: { alertClaimed: false } }).exec();
    },
  };
}

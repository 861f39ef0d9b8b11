import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { bundleDueAt, CALL_JOINABLE_MS, joinable, MAX_BUNDLE_MEMBERS, SMS_GATHER_MS } from '../domain/page-bundle';
import { isDuplicateKeyError } from './connect';
import { pageBundleHeadModel, pageBundleModel, type BundleMemberDoc, type BundleStatus, type PageBundleDoc } from './page-bundle.model';

export type PageBundleRepository = ReturnType<typeof createPageBundleRepository>;

export interface JoinRequest {
  userId: string;
  channel: PageBundleDoc['channel'];
  member: BundleMemberDoc;
  now: Date;
  throttleMs: number;
  criticalCapMs: number;
  /** How long a new text bundle waits for more pages (default SMS_GATHER_MS; never more than the throttle). */
  gatherMs?: number;
}

/**
 * The filter `joinable` (src/domain/page-bundle.ts) is, for the atomic join: a call until it is answered, or for
 * CALL_JOINABLE_MS after it went out if no answer or end was ever heard of; a text only until it is sent.
 */
function stillJoinable(channel: PageBundleDoc['channel'], now: Date): Record<string, unknown> {
  if (channel === 'sms') return { status: 'open' };
  return { $or: [{ status: { $in: ['open', 'dialling'] satisfies BundleStatus[] } }, { status: 'placed', sentAt: { $gt: new Date(now.getTime() - CALL_JOINABLE_MS) } }] };
}

/**
 * Bundles live in MongoDB beside the notification attempts: joining is one atomic update of the person's
 * newest bundle, and opening the next one is an insert of the next sequence number (the unique _id lets
 * one page win), as the fleet pacer does. Only findOne, insert and single-document updates.
 * `maxMembers` is the bundle cap (MAX_BUNDLE_MEMBERS; a test sets a small one).
 */
export function createPageBundleRepository(conn: Connection, opts: { maxMembers?: number } = {}) {
  const maxMembers = opts.maxMembers ?? MAX_BUNDLE_MEMBERS;
  const Bundles = pageBundleModel(conn);
  let indexed: Promise<unknown> | undefined;
  const lean = <T>(q: { lean<R>(): { exec(): Promise<R | null> } }) => q.lean<T>().exec();

  const Heads = pageBundleHeadModel(conn);
  const headId = (userId: string, channel: PageBundleDoc['channel']) => `${userId}:${channel}`;

  /** Moves the person's head on to `seq` (never back); two pages racing to create it both end at the larger. */
  const advance = async (userId: string, channel: PageBundleDoc['channel'], seq: number): Promise<void> => {
    const _id = headId(userId, channel);
    try {
      await Heads.updateOne({ _id }, { $max: { seq } }, { upsert: true }).exec();
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      await Heads.updateOne({ _id }, { $max: { seq } }).exec(); // the other upsert created it first
    }
  };

  /**
   * The person's newest bundle on this channel and its sequence number: two reads by _id (see
   * PageBundleHeadDoc). The bundle is null when there is none, or when it expired (the week's TTL) and only
   * its number is left, which the next one follows.
   */
  const latest = async (userId: string, channel: PageBundleDoc['channel']): Promise<{ last: PageBundleDoc | null; seq: number }> => {
    const head = await Heads.findById(headId(userId, channel)).lean().exec();
    if (head) return { last: await lean<PageBundleDoc>(Bundles.findById(`${userId}:${channel}:${head.seq}`)), seq: head.seq };
    // No head yet: a person never paged, or bundles written before heads existed (read them once, the slow way).
    const newest = await lean<PageBundleDoc>(Bundles.findOne({ userId: { $eq: userId }, channel: { $eq: channel } }).sort({ seq: -1 }));
    if (newest) await advance(userId, channel, newest.seq);
    return { last: newest, seq: newest?.seq ?? 0 };
  };

  /** A critical page that joined a bundle still held by a longer personal throttle brings it forward. */
  const hurry = async (b: PageBundleDoc, member: BundleMemberDoc): Promise<PageBundleDoc> => {
    const at = b.criticalDueAt;
    if (member.severity !== 'critical' || b.status !== 'open' || !at || at >= b.dueAt) return b;
    const sooner = await lean<PageBundleDoc>(
      Bundles.findOneAndUpdate({ _id: b._id, status: 'open', dueAt: { $gt: at } }, { $set: { dueAt: at } }, { returnDocument: 'after' }),
    );
    return sooner ?? b;
  };

  return {
    /** The bundle already carrying this attempt (a retried page resumes it), if any. */
    findByMember: (key: string) => lean<PageBundleDoc>(Bundles.findOne({ 'members.key': { $eq: key } }).sort({ seq: -1 })),
    findById: (id: string) => lean<PageBundleDoc>(Bundles.findById(id)),
    /** The bundle a call or text went out for (null: it carried a single page outside any bundle). */
    findBySid: (sid: string) => lean<PageBundleDoc>(Bundles.findOne({ sid: { $eq: sid } })),
    /** The person's newest text bundle that went out: what an "ALL" reply means. */
    latestSent: (userId: string, channel: PageBundleDoc['channel']) =>
      lean<PageBundleDoc>(Bundles.findOne({ userId: { $eq: userId }, channel: { $eq: channel }, sid: { $ne: null } }).sort({ seq: -1 })),

    /**
     * Joins the person's waiting (or ringing) bundle, or opens the next one due after their throttle.
     * claimedByMe: this page opened it due at once and holds its dial lease (it dials now).
     */
    async join(r: JoinRequest): Promise<PageBundleDoc & { claimedByMe?: boolean }> {
      await (indexed ??= Bundles.init());
      for (;;) {
        const { last, seq: lastSeq } = await latest(r.userId, r.channel);
        if (last?.members.some((m) => m.key === r.member.key)) return last;
        if (last && joinable(last, r.now) && last.members.length < maxMembers) {
          const joined = await lean<PageBundleDoc>(
            Bundles.findOneAndUpdate(
              { _id: last._id, ...stillJoinable(r.channel, r.now), 'members.key': { $ne: r.member.key }, [`members.${maxMembers - 1}`]: { $exists: false } },
              { $push: { members: r.member } },
              { returnDocument: 'after' },
            ),
          );
          if (joined) return hurry(joined, r.member);
          continue; // sealed or dialled meanwhile: read again
        }
        const seq = lastSeq + 1;
        // A full bundle may still be waiting for its turn: the next one goes a throttle interval after it.
        const previousSentAt = last ? (last.sentAt ?? (last.status === 'open' ? last.dueAt : (last.heldAt ?? last.createdAt))).getTime() : null;
        const due = (severity: BundleMemberDoc['severity']) =>
          bundleDueAt({ now: r.now.getTime(), previousSentAt, throttleMs: r.throttleMs, severity, criticalCapMs: r.criticalCapMs, gatherMs: r.channel === 'sms' ? (r.gatherMs ?? SMS_GATHER_MS) : 0 });
        const dueAt = due(r.member.severity);
        // Due at once (the usual case: the person's first page in a while): opened already claimed for the
        // dial, which saves the claim's round trip on the single-alert path.
        const now = r.now.getTime() >= dueAt;
        const doc = {
          _id: `${r.userId}:${r.channel}:${seq}`,
          ref: randomBytes(4).toString('hex'),
          userId: r.userId,
          channel: r.channel,
          seq,
          status: now ? ('dialling' as const) : ('open' as const),
          dueAt: new Date(dueAt),
          criticalDueAt: new Date(due('critical')),
          members: [r.member],
          heldAt: now ? r.now : null,
        };
        try {
          await Bundles.create(doc);
          await advance(r.userId, r.channel, seq);
          return { ...doc, announced: null, retrySince: null, sid: null, sentAt: null, error: null, createdAt: r.now, claimedByMe: now };
        } catch (err) {
          if (!isDuplicateKeyError(err)) throw err;
          // Another page opened it first (or its opener died before moving the head on): join that one.
          await advance(r.userId, r.channel, seq);
        }
      }
    },

    /** Takes the dial of a due bundle; returns it as it was (its members are what a text will list). */
    claimDial: (id: string, now: Date) =>
      lean<PageBundleDoc>(
        Bundles.findOneAndUpdate(
          { _id: id, status: 'open', dueAt: { $lte: now }, 'members.0': { $exists: true } },
          { $set: { status: 'dialling', heldAt: now } },
        ),
      ),

    /** Takes over a dial whose holder's lease lapsed (it died): only one caller wins the `heldAt` it saw. */
    async takeOver(id: string, seenHeldAt: Date | null, now: Date): Promise<boolean> {
      const r = await Bundles.updateOne(
        { _id: id, status: 'dialling', heldAt: seenHeldAt },
        { $set: { heldAt: now, retrySince: seenHeldAt ?? now } },
      ).exec();
      return r.modifiedCount === 1;
    },

    /** Renews the lease of a dial still waiting in the pacers' queue (false: someone took it over). */
    async renew(id: string, heldAt: Date, now: Date): Promise<boolean> {
      const r = await Bundles.updateOne({ _id: id, status: 'dialling', heldAt }, { $set: { heldAt: now } }).exec();
      return r.modifiedCount === 1;
    },

    /**
     * Records what the provider said. A call can ring out, and its status callback seal the bundle, before the
     * dialler gets here: a sealed (or failed) bundle keeps its status, or pages would join a call that has ended.
     */
    async markPlaced(id: string, sid: string, channel: PageBundleDoc['channel'], now: Date): Promise<void> {
      const r = await Bundles.updateOne(
        { _id: id, status: { $in: ['open', 'dialling'] } },
        { $set: { status: channel === 'sms' ? 'sealed' : 'placed', sid, sentAt: now } },
      ).exec();
      if (r.modifiedCount === 0) await Bundles.updateOne({ _id: id, sid: null }, { $set: { sid, sentAt: now } }).exec();
    },
    /** A transient refusal: back to open, and the next try reconciles with the provider first. */
    async markRetryable(id: string, since: Date, error: string): Promise<void> {
      await Bundles.updateOne({ _id: id, status: 'dialling' }, { $set: { status: 'open', retrySince: since, error } }).exec();
    },
    async markFailed(id: string, error: string): Promise<void> {
      await Bundles.updateOne({ _id: id }, { $set: { status: 'failed', error } }).exec();
    },

    /** A member whose page was cancelled (its alert was acknowledged) leaves a bundle still waiting. */
    async leave(id: string, key: string): Promise<void> {
      await Bundles.updateOne({ _id: id, status: 'open' }, { $pull: { members: { key } } }).exec();
    },

    /**
     * Seals a call when it is answered or ends: later pages start the next bundle. Returns the bundle. The
     * webhook knows the call's SID; a bundle whose dialler has not recorded it yet (or died before it could)
     * gets it here, so its waiting members learn the call went out instead of waiting for their timeout.
     * A bundle sealed already (the end of an answered call) is read back by the same command; only a failed
     * one takes a second read.
     */
    async seal(id: string, sid?: string): Promise<PageBundleDoc | null> {
      const sealable: BundleStatus[] = ['open', 'dialling', 'placed', 'sealed'];
      const sealed =
        (await lean<PageBundleDoc>(Bundles.findOneAndUpdate({ _id: id, status: { $in: sealable } }, { $set: { status: 'sealed' } }, { returnDocument: 'after' }))) ??
        (await lean<PageBundleDoc>(Bundles.findById(id)));
      if (!sealed || sealed.sid || !sid) return sealed;
      const sentAt = new Date();
      const r = await Bundles.updateOne({ _id: id, sid: null }, { $set: { sid, sentAt } }).exec();
      // Set here: the bundle is what was read with the SID added. Not set: someone recorded one meanwhile.
      return r.modifiedCount === 1 ? { ...sealed, sid, sentAt } : lean<PageBundleDoc>(Bundles.findById(id));
    },

    /** Records what the answered call announced, once (a replayed webhook reads the first answer's list). */
    async announce(id: string, alertIds: string[]): Promise<string[]> {
      await Bundles.updateOne({ _id: id, announced: null }, { $set: { announced: alertIds } }).exec();
      const b = await lean<PageBundleDoc>(Bundles.findById(id));
      return b?.announced ?? alertIds;
    },
  };
}

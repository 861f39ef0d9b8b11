import type { Connection } from 'mongoose';
import { isDuplicateKeyError } from './connect';
import {
  notificationAttemptModel,
  type AttemptStatus,
  type NotificationAttemptDoc,
} from './notification-attempt.model';

export type NewAttempt = Pick<
  NotificationAttemptDoc,
  'key' | 'alertId' | 'round' | 'level' | 'attempt' | 'userId' | 'channel' | 'recipient' | 'personName' | 'personZone'
>;

/**
 * claimed: this caller holds the attempt. `since` is set when an earlier try may have reached the provider
 * (a transient failure may have been a timeout after Twilio had already dialled): reconcile before dialling.
 */
export type ClaimResult = { claimed: true; since?: Date } | { claimed: false; existing: NotificationAttemptDoc };

export type NotificationAttemptRepository = ReturnType<typeof createNotificationAttemptRepository>;

/** Statuses an attempt has before the provider reports anything about the page (markPlaced may set these). */
const BEFORE_ANY_OUTCOME: AttemptStatus[] = ['pending', 'retryable', 'failed', 'initiated', 'sent'];

export function createNotificationAttemptRepository(conn: Connection) {
  const Attempts = notificationAttemptModel(conn);

  return {
    async ensureIndexes(): Promise<void> {
      await Attempts.init();
    },

    /**
     * Records the attempt before anyone dials. The unique key makes this the single gate: only the caller
     * that inserted it (or that re-claimed one the provider refused transiently) may dial.
     */
    async claim(attempt: NewAttempt, now = new Date()): Promise<ClaimResult> {
      await Attempts.init(); // the unique index must exist before the first insert can be trusted
      try {
        await Attempts.create({ ...attempt, status: 'pending', providerId: null, error: null, claimedAt: now, heldAt: now });
        return { claimed: true };
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
      }
      const reclaimed = await Attempts.findOneAndUpdate(
        { key: attempt.key, status: 'retryable' },
        { $set: { status: 'pending', heldAt: now } },
      )
        .lean<NotificationAttemptDoc>()
        .exec();
      if (reclaimed) return { claimed: true, since: reclaimed.claimedAt ?? reclaimed.createdAt };
      const existing = await Attempts.findOne({ key: attempt.key }).lean<NotificationAttemptDoc>().exec();
      if (!existing) throw new Error(`attempt ${attempt.key} vanished after a duplicate-key insert`);
      return { claimed: false, existing };
    },

    /**
     * Takes over a `pending` attempt whose holder's dial lease ran out (it died, or gave up). Only one caller
     * wins: the match on the `heldAt` it saw fails for everyone after the first.
     */
    async takeOver(key: string, seenHeldAt: Date | null, now = new Date()): Promise<boolean> {
      const r = await Attempts.updateOne(
        { key: { $eq: key }, status: 'pending', providerId: null, heldAt: seenHeldAt },
        { $set: { heldAt: now } },
      ).exec();
      return r.modifiedCount === 1;
    },

    /** Which of these provider IDs already belong to a recorded attempt. */
    async knownProviderIds(ids: string[]): Promise<Set<string>> {
      if (ids.length === 0) return new Set();
      const docs = await Attempts.find({ providerId: { $in: ids } }, { providerId: 1 }).lean<NotificationAttemptDoc[]>().exec();
      return new Set(docs.map((d) => d.providerId ?? ''));
    },

    /**
     * Records that the provider took the page. Its webhooks can outrun this write (a call answered, even
     * acknowledged, before the dialler records the SID): an outcome already there keeps its status, and the
     * attempt only gains the provider ID, so a final status is never turned back into 'initiated'.
     */
    async markPlaced(key: string, providerId: string, status: AttemptStatus): Promise<void> {
      const r = await Attempts.updateOne({ key, status: { $in: BEFORE_ANY_OUTCOME } }, { $set: { providerId, status } }).exec();
      if (r.matchedCount === 0) await Attempts.updateOne({ key, providerId: null }, { $set: { providerId } }).exec();
    },

    async markFailed(key: string, error: string, retryable: boolean): Promise<void> {
      await Attempts.updateOne({ key }, { $set: { status: retryable ? 'retryable' : 'failed', error } }).exec();
    },

    /** A provider outcome (from the workflow, which already dropped duplicates and stale ones). */
    async recordOutcome(key: string, status: AttemptStatus, providerId?: string): Promise<void> {
      const set: Record<string, unknown> = { status };
      if (providerId) set.providerId = providerId;
      await Attempts.updateOne({ key }, { $set: set }).exec();
    },

    async findByKey(key: string): Promise<NotificationAttemptDoc | null> {
      return Attempts.findOne({ key }).lean<NotificationAttemptDoc>().exec();
    },

    async listForAlert(alertId: string): Promise<NotificationAttemptDoc[]> {
      return Attempts.find({ alertId }).sort({ createdAt: 1 }).lean<NotificationAttemptDoc[]>().exec();
    },
  };
}

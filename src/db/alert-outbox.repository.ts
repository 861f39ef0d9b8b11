import { Types, mongo, type Connection } from 'mongoose';
import type { AlertInfo, Severity } from '../domain/escalation.types';
import { alertModel, type AlertDoc } from './alert.model';

/** Pending starts go critical first, then high, medium, low; within a severity, oldest first. */
export const START_RANK: Readonly<Record<Severity, number>> = { critical: 0, high: 1, medium: 2, low: 3 };

/** What the workflow input needs beyond the alert itself, frozen when the trigger is accepted. */
export interface FrozenStart<P = unknown> {
  policy: P;
  announceEvents: boolean;
}

/** A pending start a dispatcher holds: everything needed to start its workflow. */
export interface ClaimedStart<P = unknown> {
  alert: AlertInfo;
  workflowId: string;
  frozen: FrozenStart<P>;
  /** Triggers folded in so far (the workflow starts knowing of one). */
  count: number;
}

export type AcceptResult = { kind: 'accepted' } | { kind: 'folded'; alertId: string; count: number };

const DUPLICATE_KEY = 11000;
/** A fold that finds the key released (the alert resolved a moment ago) tries to open a new alert this often. */
const ACCEPT_ATTEMPTS = 5;

const isDuplicateKey = (err: unknown) => err instanceof mongo.MongoServerError && err.code === DUPLICATE_KEY;

export type AlertOutbox = ReturnType<typeof createAlertOutbox>;

/**
 * The alert start outbox. Accepting a trigger is one insert of the alert document, marked `startPending`;
 * a dispatcher starts its workflow later and unsets the mark. Every step is a single-document atomic
 * operation (no transactions: the Mongo-wire server has none), so a process may die between any two.
 */
export interface AcceptOptions {
  /** Leased to the accepting process, which starts it at once from memory. */
  lease?: { owner: string; ms: number };
  /** false: the caller has just tried the fold and missed, so insert first (and fold only on a collision). */
  foldFirst?: boolean;
  /** The sender's own fields (JSON), written with the alert. */
  ingestDetails?: string | null;
}

export function createAlertOutbox(conn: Connection) {
  const Alerts = alertModel(conn);
  const toStart = (d: AlertDoc): ClaimedStart => ({
    alert: {
      alertId: String(d._id),
      title: d.title,
      description: d.description,
      severity: d.severity,
      source: d.source,
      escalationPolicyId: d.escalationPolicyId,
      serviceId: d.serviceId ?? null,
      dedupKey: d.dedupKey ?? null,
      createdAt: d.createdAt.toISOString(),
    },
    workflowId: d.workflowId,
    frozen: JSON.parse(d.startInput ?? '{}') as FrozenStart,
    count: d.count,
  });

  /** Folds a repeat trigger into the open alert holding `openKey`; null when no open alert holds it. */
  async function fold(openKey: string, actor: string, at: Date): Promise<{ alertId: string; count: number } | null> {
    const entry = {
      key: `dedup:${new Types.ObjectId().toHexString()}`,
      action: 'deduplicated',
      actor,
      timestamp: at,
      details: 'a repeat trigger was folded into this alert; nobody new paged',
    };
    const doc = await Alerts.findOneAndUpdate(
      { openKey, status: { $ne: 'resolved' } },
      { $inc: { count: 1 }, $set: { foldPending: true, updatedAt: at }, $push: { timeline: entry } },
      { returnDocument: 'after', projection: { _id: 1, count: 1 }, timestamps: false },
    )
      .lean<Pick<AlertDoc, '_id' | 'count'>>()
      .exec();
    return doc ? { alertId: String(doc._id), count: doc.count } : null;
  }

  return {
    fold,

    /**
     * Durably accepts a trigger: inserts the alert as pending (its ID is final), or, when an open alert
     * already holds the dedup key, folds the trigger into it (count and timeline) without touching Temporal.
     */
    async accept(alert: AlertInfo, workflowId: string, frozen: FrozenStart, o: AcceptOptions = {}): Promise<AcceptResult> {
      const { lease } = o;
      const openKey = alert.dedupKey ? workflowId : undefined;
      const at = new Date(alert.createdAt);
      const first = { key: 'triggered', action: 'triggered', actor: alert.source || 'system', timestamp: at, details: alert.title };
      for (let i = 0; i < ACCEPT_ATTEMPTS; i++) {
        // In a storm most triggers repeat an open alert: try the fold first (one round trip for them), unless
        // the caller just did (the ingest path folds before it loads the policy).
        if (openKey && (i > 0 || o.foldFirst !== false)) {
          const folded = await fold(openKey, alert.source || 'system', new Date());
          if (folded) return { kind: 'folded', ...folded };
        }
        try {
          await Alerts.collection.insertOne({
            _id: new Types.ObjectId(alert.alertId),
            title: alert.title,
            description: alert.description,
            severity: alert.severity,
            source: alert.source,
            escalationPolicyId: alert.escalationPolicyId,
            serviceId: alert.serviceId ?? null,
            dedupKey: alert.dedupKey ?? null,
            ingestDetails: o.ingestDetails ?? null,
            workflowId,
            status: 'triggered',
            currentLevel: 0,
            round: 0,
            count: 1,
            exhausted: false,
            acknowledgedBy: null,
            acknowledgedAt: null,
            resolvedBy: null,
            resolvedAt: null,
            resolutionNote: null,
            timeline: [first],
            createdAt: at,
            updatedAt: at,
            ...(openKey ? { openKey } : {}),
            startPending: true,
            startRank: START_RANK[alert.severity],
            // Leased to the accepting process when it has a free lane: it starts the alert at once, no query needed.
            startLeaseUntil: lease ? new Date(Date.now() + lease.ms) : new Date(0),
            ...(lease ? { startLeaseOwner: lease.owner } : {}),
            startInput: JSON.stringify(frozen),
            __v: 0,
          });
          return { kind: 'accepted' };
        } catch (err) {
          // Another trigger opened the alert since our fold missed: fold into it on the next pass. (If that
          // alert resolves in between, its key is free again and the next pass opens a new alert.)
          if (!openKey || !isDuplicateKey(err)) throw err;
        }
      }
      throw new Error(`could not accept a trigger for ${workflowId}: the dedup key kept changing hands`);
    },

    /** Takes the most urgent pending start whose lease has lapsed (critical first, then oldest). */
    async claimNext(owner: string, leaseMs: number, now = new Date()): Promise<ClaimedStart | null> {
      const doc = await Alerts.findOneAndUpdate(
        { startPending: true, startLeaseUntil: { $lt: now } },
        { $set: { startLeaseUntil: new Date(now.getTime() + leaseMs), startLeaseOwner: owner } },
        { sort: { startRank: 1, createdAt: 1 }, returnDocument: 'after', timestamps: false },
      )
        .lean<AlertDoc>()
        .exec();
      return doc ? toStart(doc) : null;
    },

    /** Takes one alert's pending start (lapsed lease, or already ours); null when it is not ours to start. */
    async claim(alertId: string, owner: string, leaseMs: number, now = new Date()): Promise<ClaimedStart | null> {
      const doc = await Alerts.findOneAndUpdate(
        { _id: new Types.ObjectId(alertId), startPending: true, $or: [{ startLeaseUntil: { $lt: now } }, { startLeaseOwner: owner }] },
        { $set: { startLeaseUntil: new Date(now.getTime() + leaseMs), startLeaseOwner: owner } },
        { returnDocument: 'after', timestamps: false },
      )
        .lean<AlertDoc>()
        .exec();
      return doc ? toStart(doc) : null;
    },

    /** The workflow runs: the alert leaves the outbox. Harmless when another dispatcher got there first. */
    async markStarted(alertId: string, at = new Date()): Promise<void> {
      await Alerts.updateOne(
        { _id: new Types.ObjectId(alertId), startPending: true },
        { $set: { startedAt: at }, $unset: { startPending: 1, startRank: 1, startLeaseUntil: 1, startLeaseOwner: 1, startInput: 1 } },
        { timestamps: false },
      );
    },

    /** Gives a start back to the queue, to be tried again from `retryAt` (by us or anyone). */
    async postpone(alertId: string, owner: string, retryAt: Date): Promise<void> {
      await Alerts.updateOne({ _id: new Types.ObjectId(alertId), startPending: true, startLeaseOwner: owner }, { $set: { startLeaseUntil: retryAt } }, { timestamps: false });
    },

    async isPending(alertId: string): Promise<boolean> {
      return (await Alerts.countDocuments({ _id: new Types.ObjectId(alertId), startPending: true })) > 0;
    },

    /** Started alerts with folded triggers their workflow has not heard of yet. */
    async foldsToTell(limit: number): Promise<Array<{ alertId: string; workflowId: string; count: number }>> {
      const docs = await Alerts.find({ foldPending: true, startPending: { $exists: false } }, { _id: 1, workflowId: 1, count: 1 })
        .limit(limit)
        .lean<Array<Pick<AlertDoc, '_id' | 'workflowId' | 'count'>>>()
        .exec();
      return docs.map((d) => ({ alertId: String(d._id), workflowId: d.workflowId, count: d.count }));
    },

    /** The workflow knows of `count` triggers; a fold that came meanwhile keeps the mark for the next round. */
    async foldsTold(alertId: string, count: number): Promise<void> {
      await Alerts.updateOne({ _id: new Types.ObjectId(alertId), count }, { $unset: { foldPending: 1 } }, { timestamps: false });
    },

    /** Frees the alert's dedup key: the next trigger with it opens a new alert. */
    async releaseOpenKey(alertId: string): Promise<void> {
      await Alerts.updateOne({ _id: new Types.ObjectId(alertId), openKey: { $exists: true } }, { $unset: { openKey: 1 } }, { timestamps: false });
    },

    /** Open dedup alerts from before the outbox get their key, so a new trigger folds into them. */
    async claimOpenKeysOfOlderAlerts(): Promise<number> {
      const open = await Alerts.find(
        { status: { $ne: 'resolved' }, dedupKey: { $ne: null }, openKey: { $exists: false }, startPending: { $exists: false } },
        { _id: 1, workflowId: 1 },
      )
        .lean<Array<Pick<AlertDoc, '_id' | 'workflowId'>>>()
        .exec();
      let n = 0;
      for (const d of open) {
        const r = await Alerts.updateOne({ _id: d._id, openKey: { $exists: false } }, { $set: { openKey: d.workflowId } }, { timestamps: false }).catch((err: unknown) => {
          if (!isDuplicateKey(err)) throw err;
          return { modifiedCount: 0 };
        });
        n += r.modifiedCount;
      }
      return n;
    },
  };
}

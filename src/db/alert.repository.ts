import { Types, type Connection } from 'mongoose';
import type { AlertInfo, AlertStatus, TimelineEntry } from '../domain/escalation.types';
import { alertModel, type AlertDoc, type TimelineDoc } from './alert.model';

/** Fields the workflow projects onto the alert document. */
export interface AlertPatch {
  status?: AlertStatus;
  currentLevel?: number;
  round?: number;
  count?: number;
  exhausted?: boolean;
  acknowledgedBy?: string;
  acknowledgedAt?: string;
  resolvedBy?: string;
  resolvedAt?: string;
  resolutionNote?: string;
}

export type AlertRepository = ReturnType<typeof createAlertRepository>;

const toDoc = (e: TimelineEntry): TimelineDoc => ({ ...e, timestamp: new Date(e.timestamp) });

/** The writes of one projection batch: the guarded append (when it has entries), and the patch alone. */
function projectionWrite(alertId: string, patch: AlertPatch, entries: TimelineEntry[]) {
  const _id = new Types.ObjectId(alertId);
  const set: Record<string, unknown> = { ...patch, updatedAt: new Date() };
  for (const k of ['acknowledgedAt', 'resolvedAt'] as const) if (patch[k]) set[k] = new Date(patch[k]);
  // Resolved frees the dedup key in the same write, so the next trigger with it opens a new alert.
  const release = patch.status === 'resolved' ? { $unset: { openKey: 1 } } : {};
  return {
    append:
      entries.length > 0
        ? { filter: { _id, 'timeline.key': { $nin: entries.map((e) => e.key) } }, update: { $set: set, ...release, $push: { timeline: { $each: entries.map(toDoc) } } } }
        : null,
    patch: { filter: { _id }, update: { $set: set, ...release } },
  };
}

export function createAlertRepository(conn: Connection) {
  const Alerts = alertModel(conn);

  return {
    /** Creates the alert once; called by the engine and again by the workflow, whichever comes first wins. */
    async open(alert: AlertInfo, workflowId: string, first: TimelineEntry): Promise<void> {
      await Alerts.updateOne(
        { _id: new Types.ObjectId(alert.alertId) },
        {
          $setOnInsert: {
            title: alert.title,
            description: alert.description,
            severity: alert.severity,
            source: alert.source,
            escalationPolicyId: alert.escalationPolicyId,
            serviceId: alert.serviceId ?? null,
            dedupKey: alert.dedupKey ?? null,
            workflowId,
            status: 'triggered',
            currentLevel: 0,
            round: 0,
            count: 1,
            exhausted: false,
            createdAt: new Date(alert.createdAt),
            timeline: [toDoc(first)],
          },
        },
        { upsert: true, timestamps: false },
      );
    },

    /**
     * Applies a patch and appends timeline entries, in one update when it can. The append is guarded by the
     * entries' keys, and a single-document update is atomic, so a retried batch is either already there
     * whole or added whole; the patch applies either way. Returns false when there is no such alert.
     */
    async project(alertId: string, patch: AlertPatch, entries: TimelineEntry[]): Promise<boolean> {
      const w = projectionWrite(alertId, patch, entries);
      if (w.append) {
        const appended = await Alerts.updateOne(w.append.filter, w.append.update, { timestamps: false });
        if (appended.matchedCount > 0) return true;
      }
      // No entries, or they are there already (a retried batch), or no such alert.
      const patched = await Alerts.updateOne(w.patch.filter, w.patch.update, { timestamps: false });
      return patched.matchedCount > 0;
    },

    /**
     * project, also returning the alert's status and creation time from just before this batch added its
     * entries (one write, findAndModify). `prior` is null when the batch was there already (a retry), when it
     * has no entries, or when there is no such alert (`found` false).
     */
    async projectReturningPrior(alertId: string, patch: AlertPatch, entries: TimelineEntry[]): Promise<{ found: boolean; prior: Pick<AlertDoc, 'status' | 'createdAt'> | null }> {
      const w = projectionWrite(alertId, patch, entries);
      if (w.append) {
        const prior = await Alerts.findOneAndUpdate(w.append.filter, w.append.update, { returnDocument: 'before', projection: { status: 1, createdAt: 1 }, timestamps: false })
          .lean<Pick<AlertDoc, 'status' | 'createdAt'>>()
          .exec();
        if (prior) return { found: true, prior };
      }
      const patched = await Alerts.updateOne(w.patch.filter, w.patch.update, { timestamps: false });
      return { found: patched.matchedCount > 0, prior: null };
    },

    async findById(alertId: string): Promise<AlertDoc | null> {
      if (!Types.ObjectId.isValid(alertId)) return null;
      return Alerts.findById(alertId).lean<AlertDoc>().exec();
    },

    /**
     * The open alert holding this dedup key (`openKey` is its workflow ID until it resolves). A lookup by the
     * unique index, which every server answers without a scan: try it before findOpenByWorkflowId.
     */
    async findByOpenKey(openKey: string): Promise<AlertDoc | null> {
      return Alerts.findOne({ openKey }).lean<AlertDoc>().exec();
    },

    /** The newest alert run by this workflow ID that is not resolved (at most one can be open). */
    async findOpenByWorkflowId(workflowId: string): Promise<AlertDoc | null> {
      return Alerts.findOne({ workflowId, status: { $ne: 'resolved' } })
        .sort({ createdAt: -1 })
        .lean<AlertDoc>()
        .exec();
    },
  };
}

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

export function createAlertRepository(conn: Connection) {
  const Alerts = alertModel(conn);
  const toDoc = (e: TimelineEntry): TimelineDoc => ({ ...e, timestamp: new Date(e.timestamp) });

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
      const _id = new Types.ObjectId(alertId);
      const set: Record<string, unknown> = { ...patch, updatedAt: new Date() };
      for (const k of ['acknowledgedAt', 'resolvedAt'] as const) if (patch[k]) set[k] = new Date(patch[k]);
      // Resolved frees the dedup key in the same write, so the next trigger with it opens a new alert.
      const release = patch.status === 'resolved' ? { $unset: { openKey: 1 } } : {};
      if (entries.length > 0) {
        const appended = await Alerts.updateOne(
          { _id, 'timeline.key': { $nin: entries.map((e) => e.key) } },
          { $set: set, ...release, $push: { timeline: { $each: entries.map(toDoc) } } },
          { timestamps: false },
        );
        if (appended.matchedCount > 0) return true;
      }
      // No entries, or they are there already (a retried batch), or no such alert.
      const patched = await Alerts.updateOne({ _id }, { $set: set, ...release }, { timestamps: false });
      return patched.matchedCount > 0;
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

import { Schema, type Connection, type Model, type Types } from 'mongoose';
import type { AlertStatus, Severity } from '../domain/escalation.types';

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export const ALERT_STATUSES = ['triggered', 'acknowledged', 'resolved'] as const;

export interface TimelineDoc {
  key: string;
  action: string;
  actor: string;
  timestamp: Date;
  details?: string;
}

/** The REST-facing projection of an alert. Temporal (the alert workflow) is the source of truth. */
export interface AlertDoc {
  _id: Types.ObjectId;
  title: string;
  description: string;
  severity: Severity;
  source: string;
  escalationPolicyId: string;
  serviceId?: string | null;
  dedupKey?: string | null;
  /** An integration's extra fields (PagerDuty custom_details, Alertmanager labels...) as JSON text: their keys may hold '.' or '$'. */
  ingestDetails?: string | null;
  /** The workflow that runs this alert; a dedup workflow ID is reused by later alerts. */
  workflowId: string;
  status: AlertStatus;
  currentLevel: number;
  round: number;
  count: number;
  exhausted: boolean;
  acknowledgedBy: string | null;
  acknowledgedAt: Date | null;
  resolvedBy: string | null;
  resolvedAt: Date | null;
  resolutionNote?: string | null;
  timeline: TimelineDoc[];
  createdAt: Date;
  updatedAt: Date;
}

const timelineSchema = new Schema<TimelineDoc>(
  {
    key: { type: String, required: true },
    action: { type: String, required: true },
    actor: { type: String, required: true },
    timestamp: { type: Date, required: true },
    details: { type: String },
  },
  { _id: false },
);

export const alertSchema = new Schema<AlertDoc>(
  {
    title: { type: String, required: true },
    description: { type: String, default: '' },
    severity: { type: String, enum: SEVERITIES, required: true },
    source: { type: String, default: '' },
    escalationPolicyId: { type: String, required: true },
    serviceId: { type: String, default: null },
    dedupKey: { type: String, default: null },
    ingestDetails: { type: String, default: null },
    workflowId: { type: String, required: true },
    status: { type: String, enum: ALERT_STATUSES, default: 'triggered' },
    currentLevel: { type: Number, default: 0 },
    round: { type: Number, default: 0 },
    count: { type: Number, default: 1 },
    exhausted: { type: Boolean, default: false },
    acknowledgedBy: { type: String, default: null },
    acknowledgedAt: { type: Date, default: null },
    resolvedBy: { type: String, default: null },
    resolvedAt: { type: Date, default: null },
    resolutionNote: { type: String, default: null },
    timeline: { type: [timelineSchema], default: [] },
  },
  { timestamps: true },
);

// The alert list sorts newest first with _id as the tie-break, so each index ends with both keys: the scan then
// comes out in order (no blocking sort), and a `createdAt` range bounds it. Equality filters lead. Proven by
// `npm run bench:history`, which prints the plan each list query gets.
alertSchema.index({ createdAt: -1, _id: -1 });
alertSchema.index({ status: 1, createdAt: -1, _id: -1 });
alertSchema.index({ severity: 1, createdAt: -1, _id: -1 });
alertSchema.index({ serviceId: 1, createdAt: -1, _id: -1 });
alertSchema.index({ escalationPolicyId: 1, createdAt: -1, _id: -1 });
alertSchema.index({ workflowId: 1, createdAt: -1 });

export const alertModel = (conn: Connection) =>
  (conn.models.Alert as Model<AlertDoc>) ?? conn.model<AlertDoc>('Alert', alertSchema);

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
  /**
   * While the alert is open: its dedup workflow ID. Unique (sparse), so exactly one open alert holds a dedup
   * key; an insert that collides folds into that alert. Unset (never null) when the alert resolves.
   */
  openKey?: string;
  /** The start outbox (alert-outbox.repository.ts): set from accept until the workflow runs, then unset. */
  startPending?: boolean;
  /** 0 critical … 3 low: pending starts go critical first, then by time. */
  startRank?: number;
  /** A dispatcher holds the pending start until then; past it, any dispatcher may take it over. */
  startLeaseUntil?: Date;
  startLeaseOwner?: string;
  /** The workflow input frozen at accept (policy snapshot), as JSON text; unset once started. */
  startInput?: string;
  startedAt?: Date;
  /** Triggers were folded in that the workflow has not been told of yet. */
  foldPending?: boolean;
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
    // No defaults: a null openKey would collide in the sparse unique index, and absent flags keep the indexes small.
    openKey: { type: String },
    startPending: { type: Boolean },
    startRank: { type: Number },
    startLeaseUntil: { type: Date },
    startLeaseOwner: { type: String },
    startInput: { type: String },
    startedAt: { type: Date },
    foldPending: { type: Boolean },
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
alertSchema.index({ openKey: 1 }, { unique: true, sparse: true });
alertSchema.index({ startPending: 1, startRank: 1, createdAt: 1 }, { sparse: true });
alertSchema.index({ foldPending: 1 }, { sparse: true });

export const alertModel = (conn: Connection) =>
  (conn.models.Alert as Model<AlertDoc>) ?? conn.model<AlertDoc>('Alert', alertSchema);

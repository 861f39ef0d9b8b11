import { Schema, type Connection, type Model, type Types } from 'mongoose';

/**
 * pending: recorded, dial in progress, or the worker died mid-dial. Delivery is at least once, reconciled:
 * a retry that finds `pending` without a provider ID asks the provider, and dials unless it proves the
 * earlier try went out. retryable: the provider refused transiently, a retry reconciles and may dial;
 * then the provider's statuses.
 */
export type AttemptStatus =
  | 'pending'
  | 'retryable'
  | 'initiated'
  | 'sent'
  | 'failed'
  | 'answered'
  | 'acknowledged_by_keypress'
  | 'no_answer'
  | 'busy'
  | 'canceled'
  | 'machine'
  | 'completed_without_keypress'
  | 'delivered'
  | 'undelivered';

export interface NotificationAttemptDoc {
  _id: Types.ObjectId;
  /** `<alertId>:<round>:<level>:<attempt>:<userId>:<channel>`, unique. */
  key: string;
  alertId: string;
  round: number;
  /** 0-based level, or 'owner' for the exhausted-ladder notice. */
  level: string;
  attempt: number;
  userId: string;
  channel: 'phone_call' | 'sms' | 'email' | 'slack';
  recipient: string;
  /** The person as paged (name and IANA zone), so the page's webhooks need not look them up. */
  personName?: string;
  personZone?: string;
  providerId: string | null;
  status: AttemptStatus;
  error: string | null;
  /** When the attempt was first claimed: a reconcile looks for provider records created since then. */
  claimedAt?: Date;
  /** When the current holder took it (claim, re-claim or take-over): its dial lease runs from here. */
  heldAt?: Date;
  createdAt: Date;
  updatedAt: Date;
}

export const notificationAttemptSchema = new Schema<NotificationAttemptDoc>(
  {
    key: { type: String, required: true },
    alertId: { type: String, required: true },
    round: { type: Number, required: true },
    level: { type: String, required: true },
    attempt: { type: Number, required: true },
    userId: { type: String, required: true },
    channel: { type: String, enum: ['phone_call', 'sms', 'email', 'slack'], required: true },
    recipient: { type: String, required: true },
    personName: { type: String },
    personZone: { type: String },
    providerId: { type: String, default: null },
    status: { type: String, required: true, default: 'pending' },
    error: { type: String, default: null },
    claimedAt: { type: Date },
    heldAt: { type: Date },
  },
  { timestamps: true },
);

notificationAttemptSchema.index({ key: 1 }, { unique: true });
notificationAttemptSchema.index({ alertId: 1, createdAt: 1 });
notificationAttemptSchema.index({ providerId: 1 }, { sparse: true });
// The fatigue report reads one month of attempts, for a schedule's members or for everyone.
notificationAttemptSchema.index({ userId: 1, createdAt: 1 });
notificationAttemptSchema.index({ createdAt: 1 });

export const notificationAttemptModel = (conn: Connection) =>
  (conn.models.NotificationAttempt as Model<NotificationAttemptDoc>) ??
  conn.model<NotificationAttemptDoc>('NotificationAttempt', notificationAttemptSchema);

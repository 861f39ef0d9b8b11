import { Schema, type Connection, type Model, type Types } from 'mongoose';

/**
 * One handled Twilio webhook, under a key that names the event (for example `voice-digits:<CallSid>:1`).
 * The unique key makes a replayed webhook find the first one's record instead of acting again.
 */
export interface WebhookReceiptDoc {
  _id: Types.ObjectId;
  key: string;
  kind: string;
  callSid: string | null;
  messageSid: string | null;
  /** pending while the first delivery is being handled; done once its answer is stored. */
  state: 'pending' | 'done';
  /** What the first delivery answered (TwiML), replayed to a duplicate. */
  response: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Twilio retries within minutes; a month of receipts is plenty and keeps the collection small. */
export const RECEIPT_TTL_SECONDS = 30 * 24 * 3600;

export const webhookReceiptSchema = new Schema<WebhookReceiptDoc>(
  {
    key: { type: String, required: true },
    kind: { type: String, required: true },
    callSid: { type: String, default: null },
    messageSid: { type: String, default: null },
    state: { type: String, enum: ['pending', 'done'], default: 'pending' },
    response: { type: String, default: null },
  },
  { timestamps: true },
);

webhookReceiptSchema.index({ key: 1 }, { unique: true });
webhookReceiptSchema.index({ callSid: 1, kind: 1 });
webhookReceiptSchema.index({ createdAt: 1 }, { expireAfterSeconds: RECEIPT_TTL_SECONDS });

export const webhookReceiptModel = (conn: Connection) =>
  (conn.models.WebhookReceipt as Model<WebhookReceiptDoc>) ??
  conn.model<WebhookReceiptDoc>('WebhookReceipt', webhookReceiptSchema);

import { Schema, type Connection, type Model, type Types } from 'mongoose';

/**
 * The send-once record of a shift notice on one channel, written before sending. pending: claimed, the
 * send may or may not have happened (a retry sends again: a duplicate notice is better than none);
 * sent: the provider took it; skipped: nothing to send on that channel (no provider, no address).
 */
export type NoticeDeliveryStatus = 'pending' | 'sent' | 'skipped';

export interface NoticeDeliveryDoc {
  _id: Types.ObjectId;
  /** `<notice key>:<channel>`, unique. */
  key: string;
  scheduleId: string;
  userId: string;
  kind: string;
  channel: string;
  text: string;
  dueAt: Date;
  status: NoticeDeliveryStatus;
  providerId: string | null;
  reason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export const noticeDeliverySchema = new Schema<NoticeDeliveryDoc>(
  {
    key: { type: String, required: true, unique: true },
    scheduleId: { type: String, required: true, index: true },
    userId: { type: String, required: true },
    kind: { type: String, required: true },
    channel: { type: String, required: true },
    text: { type: String, required: true },
    dueAt: { type: Date, required: true },
    status: { type: String, enum: ['pending', 'sent', 'skipped'], required: true },
    providerId: { type: String, default: null },
    reason: { type: String, default: null },
  },
  { timestamps: true, strict: 'throw', collection: 'notice_deliveries' },
);

export const noticeDeliveryModel = (conn: Connection) =>
  (conn.models.NoticeDelivery as Model<NoticeDeliveryDoc>) ??
  conn.model<NoticeDeliveryDoc>('NoticeDelivery', noticeDeliverySchema);

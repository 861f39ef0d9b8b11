import { Schema, type Connection, type Model, type Types } from 'mongoose';

/**
 * A phone number that replied STOP. Carriers opt out a number, not an account, so the record is keyed by
 * the number (with the user it belonged to at the time, for the timeline and the admin).
 */
export interface SmsOptOutDoc {
  _id: Types.ObjectId;
  phone: string;
  userId: string | null;
  /** The keyword as sent (STOP, UNSUBSCRIBE, ...). */
  keyword: string;
  createdAt: Date;
  updatedAt: Date;
}

export const smsOptOutSchema = new Schema<SmsOptOutDoc>(
  {
    phone: { type: String, required: true },
    userId: { type: String, default: null },
    keyword: { type: String, required: true },
  },
  { timestamps: true },
);
smsOptOutSchema.index({ phone: 1 }, { unique: true });

export const smsOptOutModel = (conn: Connection) =>
  (conn.models.SmsOptOut as Model<SmsOptOutDoc>) ?? conn.model<SmsOptOutDoc>('SmsOptOut', smsOptOutSchema);

import { Schema, type Connection, type Model, type Types } from 'mongoose';

/**
 * The short code a person sees in an SMS page ("Nightline #42 ..."): per recipient, small and
 * incrementing, so "ack 42" is easy to type and names one alert for that person.
 */
export interface SmsPageCodeDoc {
  _id: Types.ObjectId;
  userId: string;
  alertId: string;
  code: number;
  /** Last time this alert was texted to this person. */
  lastPagedAt: Date;
  createdAt: Date;
  updatedAt: Date;
}

export const smsPageCodeSchema = new Schema<SmsPageCodeDoc>(
  {
    userId: { type: String, required: true },
    alertId: { type: String, required: true },
    code: { type: Number, required: true },
    lastPagedAt: { type: Date, required: true },
  },
  { timestamps: true },
);
smsPageCodeSchema.index({ userId: 1, alertId: 1 }, { unique: true });
smsPageCodeSchema.index({ userId: 1, code: 1 }, { unique: true });

/** One counter per recipient. */
export interface SmsCodeCounterDoc {
  _id: string;
  seq: number;
}

export const smsCodeCounterSchema = new Schema<SmsCodeCounterDoc>({ _id: { type: String, required: true }, seq: { type: Number, default: 0 } });

export const smsPageCodeModel = (conn: Connection) =>
  (conn.models.SmsPageCode as Model<SmsPageCodeDoc>) ?? conn.model<SmsPageCodeDoc>('SmsPageCode', smsPageCodeSchema);

export const smsCodeCounterModel = (conn: Connection) =>
  (conn.models.SmsCodeCounter as Model<SmsCodeCounterDoc>) ??
  conn.model<SmsCodeCounterDoc>('SmsCodeCounter', smsCodeCounterSchema);

import { Schema, type Connection, type Model, type Types } from 'mongoose';

export const CHANNELS = ['phone_call', 'sms', 'email', 'slack'] as const;
export type Channel = (typeof CHANNELS)[number];

export interface UserDoc {
  _id: Types.ObjectId;
  name: string;
  email: string;
  phone: string;
  timezone: string;
  notificationPrefs: { channels: Channel[]; quietHours?: { start: string; end: string } | null };
  createdAt: Date;
  updatedAt: Date;
}

export const userSchema = new Schema<UserDoc>(
  {
    name: { type: String, required: true },
    email: { type: String, required: true, unique: true },
    phone: { type: String, required: true, unique: true },
    timezone: { type: String, required: true, default: 'UTC' },
    notificationPrefs: {
      channels: { type: [String], enum: CHANNELS, default: () => ['phone_call', 'sms'] },
      quietHours: { type: new Schema({ start: String, end: String }, { _id: false }), default: null },
    },
  },
  { timestamps: true, strict: 'throw' },
);

export const userModel = (conn: Connection) =>
  (conn.models.User as Model<UserDoc>) ?? conn.model<UserDoc>('User', userSchema);

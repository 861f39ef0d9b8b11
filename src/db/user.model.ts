import { Schema, type Connection, type Model, type Types } from 'mongoose';
import { MAX_PAGE_THROTTLE_SECONDS } from '../domain/delivery-timing';
import { MAX_REMINDER_HOURS, NOTICE_CHANNELS, NOTICE_TOPICS, type NoticePrefs } from '../domain/notice-prefs';

export const CHANNELS = ['phone_call', 'sms', 'email', 'slack'] as const;
export type Channel = (typeof CHANNELS)[number];

export interface UserDoc {
  _id: Types.ObjectId;
  name: string;
  email: string;
  phone: string;
  timezone: string;
  notificationPrefs: { channels: Channel[]; quietHours?: { start: string; end: string } | null; pageThrottleSeconds?: number | null };
  /** Shift notices and debrief choices; absent fields take the defaults of effectiveNoticePrefs. */
  noticePrefs?: Partial<NoticePrefs> | null;
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
      pageThrottleSeconds: { type: Number, min: 0, max: MAX_PAGE_THROTTLE_SECONDS, default: null },
    },
    noticePrefs: {
      type: new Schema(
        {
          handoffs: Boolean,
          reminders: Boolean,
          changes: Boolean,
          debrief: Boolean,
          reminderHours: { type: Number, min: 0, max: MAX_REMINDER_HOURS },
          channels: { type: [String], enum: NOTICE_CHANNELS, default: undefined },
          topicChannels: {
            type: new Schema(
              Object.fromEntries(NOTICE_TOPICS.map((t) => [t, { type: [String], enum: NOTICE_CHANNELS, default: undefined }])),
              { _id: false },
            ),
            default: undefined,
          },
        },
        { _id: false },
      ),
      default: null,
    },
  },
  { timestamps: true, strict: 'throw' },
);

export const userModel = (conn: Connection) =>
  (conn.models.User as Model<UserDoc>) ?? conn.model<UserDoc>('User', userSchema);

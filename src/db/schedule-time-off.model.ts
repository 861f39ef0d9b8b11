import { Schema, type Connection, type Model, type Types } from 'mongoose';

/** A member's unavailable period on one schedule; the domain finds the cover. */
export interface TimeOffDoc {
  _id: Types.ObjectId;
  scheduleId: Types.ObjectId;
  userId: string;
  startsAt: Date;
  endsAt: Date;
  reason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export const timeOffSchema = new Schema<TimeOffDoc>(
  {
    scheduleId: { type: Schema.Types.ObjectId, required: true },
    userId: { type: String, required: true },
    startsAt: { type: Date, required: true },
    endsAt: { type: Date, required: true },
    reason: { type: String, default: null },
  },
  { timestamps: true, strict: 'throw' },
);
timeOffSchema.index({ scheduleId: 1, endsAt: 1, startsAt: 1 });

export const timeOffModel = (conn: Connection) =>
  (conn.models.ScheduleTimeOff as Model<TimeOffDoc>) ?? conn.model<TimeOffDoc>('ScheduleTimeOff', timeOffSchema);

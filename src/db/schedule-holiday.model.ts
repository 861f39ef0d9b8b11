import { Schema, type Connection, type Model, type Types } from 'mongoose';

/** One holiday (a local date in the schedule's zone) of a schedule's holiday calendar. */
export interface HolidayDoc {
  _id: Types.ObjectId;
  scheduleId: Types.ObjectId;
  date: string;
  name: string;
  /** The holiday-rotation member who took it, recorded once the day is over: the fairness ledger. */
  workedBy?: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export const holidaySchema = new Schema<HolidayDoc>(
  {
    scheduleId: { type: Schema.Types.ObjectId, required: true },
    date: { type: String, required: true },
    name: { type: String, required: true },
    workedBy: { type: String, default: null },
  },
  { timestamps: true, strict: 'throw' },
);
holidaySchema.index({ scheduleId: 1, date: 1 }, { unique: true });

export const holidayModel = (conn: Connection) =>
  (conn.models.ScheduleHoliday as Model<HolidayDoc>) ?? conn.model<HolidayDoc>('ScheduleHoliday', holidaySchema);

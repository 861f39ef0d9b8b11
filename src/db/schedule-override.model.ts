import { Schema, type Connection, type Model, type Types } from 'mongoose';

/** One override per document (many per schedule), so several can coexist and expire on their own. */
export interface OverrideDoc {
  _id: Types.ObjectId;
  scheduleId: Types.ObjectId;
  userId: string;
  startsAt: Date;
  endsAt: Date;
  replacesUserId: string | null;
  reason: string | null;
  /** Set when two overrides were created together by a swap. */
  swapId: string | null;
  /** A swap's half written but not yet committed (schedule-swap.repository): invisible to every reader. */
  pending?: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export const overrideSchema = new Schema<OverrideDoc>(
  {
    scheduleId: { type: Schema.Types.ObjectId, required: true },
    userId: { type: String, required: true },
    startsAt: { type: Date, required: true },
    endsAt: { type: Date, required: true },
    replacesUserId: { type: String, default: null },
    reason: { type: String, default: null },
    swapId: { type: String, default: null },
    pending: { type: Boolean, default: false },
  },
  { timestamps: true, strict: 'throw' },
);
// Window queries: scheduleId + startsAt < to + endsAt > from.
overrideSchema.index({ scheduleId: 1, endsAt: 1, startsAt: 1 });

export const overrideModel = (conn: Connection) =>
  (conn.models.ScheduleOverride as Model<OverrideDoc>) ??
  conn.model<OverrideDoc>('ScheduleOverride', overrideSchema);

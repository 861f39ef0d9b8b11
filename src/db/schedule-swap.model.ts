import { Schema, type Connection, type Model, type Types } from 'mongoose';

/**
 * A swap's claim on the two shifts it exchanges, and its commit record. The unique index on
 * (scheduleId, shifts) lets one swap own a shift at a time: two swaps of the same shift made at the
 * same moment cannot both insert their claim. No transaction needed (a standalone MongoDB has none).
 *   pending:   claimed; its overrides are written hidden (pending) or not yet at all
 *   committed: both hidden halves exist; showing them is all that is left (done on the next read if cut short)
 *   active:    both halves are visible
 */
export interface SwapClaimDoc {
  _id: Types.ObjectId;
  scheduleId: Types.ObjectId;
  swapId: string;
  /** `<userId>@<shift start ISO>` of each shift exchanged. */
  shifts: string[];
  state: 'pending' | 'committed' | 'active';
  createdAt: Date;
  updatedAt: Date;
}

export const swapClaimSchema = new Schema<SwapClaimDoc>(
  {
    scheduleId: { type: Schema.Types.ObjectId, required: true },
    swapId: { type: String, required: true },
    shifts: { type: [String], required: true },
    state: { type: String, enum: ['pending', 'committed', 'active'], default: 'pending' },
  },
  { timestamps: true, strict: 'throw' },
);
swapClaimSchema.index({ scheduleId: 1, shifts: 1 }, { unique: true });
swapClaimSchema.index({ swapId: 1 }, { unique: true });
swapClaimSchema.index({ scheduleId: 1, state: 1 });

export const swapClaimModel = (conn: Connection) =>
  (conn.models.ScheduleSwapClaim as Model<SwapClaimDoc>) ?? conn.model<SwapClaimDoc>('ScheduleSwapClaim', swapClaimSchema);

import { Schema, type Connection, type Model } from 'mongoose';

/** One release of a shared rate limiter: the `idx`-th request of `name`, let through at `at`. */
export interface DialSlotDoc {
  _id: string;
  name: string;
  idx: number;
  at: Date;
  /** When its HTTP exchange ended (answered or failed); null while it runs. */
  doneAt: Date | null;
  createdAt: Date;
}

export const dialSlotSchema = new Schema<DialSlotDoc>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    idx: { type: Number, required: true },
    at: { type: Date, required: true },
    doneAt: { type: Date, default: null },
  },
  { timestamps: { createdAt: true, updatedAt: false } },
);
dialSlotSchema.index({ name: 1, idx: -1 });
/** Old slots only ever matter to the next few requests. */
dialSlotSchema.index({ createdAt: 1 }, { expireAfterSeconds: 3600 });

export const dialSlotModel = (conn: Connection) =>
  (conn.models.DialSlot as Model<DialSlotDoc>) ?? conn.model<DialSlotDoc>('DialSlot', dialSlotSchema);

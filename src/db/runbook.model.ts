import { Schema, type Connection, type Model, type Types } from 'mongoose';
import type { Runbook } from '../domain/nightdesk';

/** An imported NightDesk runbook, as received (validated), with the schedule and users made from it. */
export interface RunbookDoc {
  _id: Types.ObjectId;
  name: string;
  runbook: Runbook;
  scheduleId: Types.ObjectId | null;
  /** Runbook entry name → stored user id. */
  members: { name: string; phone: string; userId: string }[];
  createdAt: Date;
  updatedAt: Date;
}

export const runbookSchema = new Schema<RunbookDoc>(
  {
    name: { type: String, required: true },
    runbook: { type: Schema.Types.Mixed, required: true },
    scheduleId: { type: Schema.Types.ObjectId, default: null },
    members: {
      type: [new Schema({ name: String, phone: String, userId: String }, { _id: false })],
      default: [],
    },
  },
  { timestamps: true, strict: 'throw' },
);

export const runbookModel = (conn: Connection) =>
  (conn.models.Runbook as Model<RunbookDoc>) ?? conn.model<RunbookDoc>('Runbook', runbookSchema);

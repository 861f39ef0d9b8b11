import { Schema, type Connection, type Model, type Types } from 'mongoose';
import type { Layer, RotationMember } from '../domain/schedule.types';

/** A schedule's rotation layers; overrides, time off and holidays live in their own collections. */
export interface ScheduleDoc {
  _id: Types.ObjectId;
  name: string;
  timezone: string;
  /** layers[0] is the REST body's top-level rotation; index = precedence (higher wins). */
  layers: Layer[];
  holidayRotation: { members: RotationMember[] } | null;
  /** Secret for the subscribable calendar feed (calendar apps cannot send a bearer header). */
  feedTokenHash: string;
  createdAt: Date;
  updatedAt: Date;
}

const memberSchema = new Schema({ userId: { type: String, required: true } }, { _id: false });

const restrictionSchema = new Schema(
  { days: { type: [Number], default: undefined }, start: String, end: String },
  { _id: false },
);

const layerSchema = new Schema(
  {
    name: String,
    rotationType: { type: String, enum: ['daily', 'weekly', 'custom'], required: true },
    handoffTime: { type: String, required: true },
    handoffDay: Number,
    periodDays: Number,
    periodHours: Number,
    startDate: { type: String, required: true },
    members: { type: [memberSchema], default: [] },
    restrictions: { type: [restrictionSchema], default: undefined },
  },
  { _id: false },
);

export const scheduleSchema = new Schema<ScheduleDoc>(
  {
    name: { type: String, required: true },
    timezone: { type: String, required: true },
    layers: { type: [layerSchema], required: true },
    holidayRotation: { type: new Schema({ members: [memberSchema] }, { _id: false }), default: null },
    /** SHA-256 of the calendar feed token (src/db/identity/feed-token.ts); the token itself is never stored. */
    feedTokenHash: { type: String, required: true },
  },
  { timestamps: true, strict: 'throw' },
);
scheduleSchema.index({ 'layers.members.userId': 1 });

export const scheduleModel = (conn: Connection) =>
  (conn.models.Schedule as Model<ScheduleDoc>) ?? conn.model<ScheduleDoc>('Schedule', scheduleSchema);

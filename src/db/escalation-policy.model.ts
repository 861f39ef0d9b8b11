import { Schema, type Connection, type Model, type Types } from 'mongoose';
import type { EscalationLevel } from '../domain/escalation.types';

/** A ladder of levels; a running alert never reads this again, it works from the snapshot taken at trigger time. */
export interface EscalationPolicyDoc {
  _id: Types.ObjectId;
  name: string;
  description: string;
  levels: EscalationLevel[];
  /** Extra passes over the whole ladder after the first one. */
  repeat: number;
  /** Told when the ladder is exhausted. */
  ownerUserId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const targetSchema = new Schema(
  {
    type: { type: String, enum: ['schedule', 'user'], required: true },
    // Stored as a string: schedule deletion looks references up by this exact value.
    id: { type: String, required: true },
  },
  { _id: false },
);

const levelSchema = new Schema(
  {
    targets: { type: [targetSchema], required: true },
    delayMinutes: { type: Number, required: true, min: 1 },
    repeatCount: { type: Number, required: true, min: 0 },
    retryIntervalMinutes: { type: Number, required: true, min: 0 },
  },
  { _id: false },
);

export const escalationPolicySchema = new Schema<EscalationPolicyDoc>(
  {
    name: { type: String, required: true },
    description: { type: String, default: '' },
    levels: { type: [levelSchema], required: true },
    repeat: { type: Number, default: 0, min: 0 },
    ownerUserId: { type: String, default: null },
  },
  { timestamps: true, strict: 'throw' },
);
escalationPolicySchema.index({ 'levels.targets.type': 1, 'levels.targets.id': 1 });
escalationPolicySchema.index({ ownerUserId: 1 }, { sparse: true });

/** Collection `escalationpolicies` (mongoose's default name for this model). */
export const escalationPolicyModel = (conn: Connection) =>
  (conn.models.EscalationPolicy as Model<EscalationPolicyDoc>) ??
  conn.model<EscalationPolicyDoc>('EscalationPolicy', escalationPolicySchema);

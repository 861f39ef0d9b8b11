import { Schema, type Connection, type Model, type Types } from 'mongoose';

/** A Twilio number people call after hours, and whom it rings. */
export interface PhoneLineDoc {
  _id: Types.ObjectId;
  /** E.164, the `To` of inbound calls; unique. */
  number: string;
  name: string;
  /** Whose on-call person answers first. */
  scheduleId: string | null;
  /** Who is rung next (its levels' targets, in order), and the policy that pages an unanswered call. */
  escalationPolicyId: string | null;
  greeting: string | null;
  /** Ask "press 1 if this is an emergency" before ringing anyone. */
  emergencyPrompt: boolean;
  /** Record the caller's reason before ringing anyone. */
  recordReason: boolean;
  ringTimeoutSeconds: number;
  /** A NightDesk runbook: the caller picks a reason from its triggers, and a matching rule pages its target. */
  runbookId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export const DEFAULT_RING_TIMEOUT_SECONDS = 20;

export const phoneLineSchema = new Schema<PhoneLineDoc>(
  {
    number: { type: String, required: true },
    name: { type: String, required: true },
    scheduleId: { type: String, default: null },
    escalationPolicyId: { type: String, default: null },
    greeting: { type: String, default: null },
    emergencyPrompt: { type: Boolean, default: false },
    recordReason: { type: Boolean, default: false },
    ringTimeoutSeconds: { type: Number, default: DEFAULT_RING_TIMEOUT_SECONDS },
    runbookId: { type: String, default: null },
  },
  { timestamps: true, strict: 'throw' },
);
phoneLineSchema.index({ number: 1 }, { unique: true });

export const phoneLineModel = (conn: Connection) =>
  (conn.models.PhoneLine as Model<PhoneLineDoc>) ?? conn.model<PhoneLineDoc>('PhoneLine', phoneLineSchema);

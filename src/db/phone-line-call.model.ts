import { Schema, type Connection, type Model, type Types } from 'mongoose';

/** One hop of an inbound call (greeting, ringing Alice, voicemail, ...), copied onto its alert's timeline. */
export interface CallHop {
  key: string;
  action: string;
  details: string;
  at: Date;
}

/** One person the line rings, frozen when the call first rings. */
export interface RingTarget {
  userId: string;
  name: string;
  phone: string;
}

/** An inbound call to a phone line, from its first webhook to the alert it may become. */
export interface PhoneLineCallDoc {
  _id: Types.ObjectId;
  callSid: string;
  lineId: string;
  from: string;
  to: string;
  /** null until the caller answered the emergency question (or it was not asked). */
  emergency: boolean | null;
  reasonRecordingUrl: string | null;
  recordingUrl: string | null;
  recordingDuration: number | null;
  transcription: string | null;
  /** Who picked up, when someone did. */
  reachedName: string | null;
  hops: CallHop[];
  /**
   * Whom this call rings, in order, computed once at its first ring: a handoff during the call then
   * neither skips anyone nor rings them twice. null until the first ring.
   */
  ringList: RingTarget[] | null;
  /** Set by whichever webhook first decides the call becomes an alert. */
  alertClaimed: boolean;
  /** When the claim was taken: a claim older than CLAIM_STALE_MS belongs to a process that died mid-way. */
  alertClaimedAt: Date | null;
  /** The call reached nobody and must become an alert; stays true until one exists (see missed-call-sweeper). */
  alertDue: boolean;
  alertId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const hopSchema = new Schema<CallHop>(
  { key: { type: String, required: true }, action: String, details: String, at: Date },
  { _id: false },
);

const ringTargetSchema = new Schema<RingTarget>({ userId: String, name: String, phone: String }, { _id: false });

export const phoneLineCallSchema = new Schema<PhoneLineCallDoc>(
  {
    callSid: { type: String, required: true },
    lineId: { type: String, required: true },
    from: { type: String, default: '' },
    to: { type: String, default: '' },
    emergency: { type: Boolean, default: null },
    reasonRecordingUrl: { type: String, default: null },
    recordingUrl: { type: String, default: null },
    recordingDuration: { type: Number, default: null },
    transcription: { type: String, default: null },
    reachedName: { type: String, default: null },
    hops: { type: [hopSchema], default: [] },
    ringList: { type: [ringTargetSchema], default: null },
    alertClaimed: { type: Boolean, default: false },
    alertClaimedAt: { type: Date, default: null },
    alertDue: { type: Boolean, default: false },
    alertId: { type: String, default: null },
  },
  { timestamps: true },
);
phoneLineCallSchema.index({ callSid: 1 }, { unique: true });

export const phoneLineCallModel = (conn: Connection) =>
  (conn.models.PhoneLineCall as Model<PhoneLineCallDoc>) ??
  conn.model<PhoneLineCallDoc>('PhoneLineCall', phoneLineCallSchema);

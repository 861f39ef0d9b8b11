import { Schema, type Connection, type Model, type Types } from 'mongoose';

/** Append-only: nothing in the API updates or deletes an entry. */
export interface AuditDoc {
  _id: Types.ObjectId;
  at: Date;
  actor: { userId: string | null; tokenId: string | null; name: string };
  /** How the write came in: an API login or token, or (alert actions only) a channel or a monitor. */
  via: 'session' | 'token' | 'admin-token' | 'phone' | 'sms' | 'slack' | 'email' | 'integration' | 'anonymous';
  action: string;
  resource: string;
  resourceId: string | null;
  before: unknown;
  after: unknown;
  requestId: string;
  address: string;
  status: number;
}

export interface LoginFailureDoc {
  _id: Types.ObjectId;
  key: string;
  count: number;
  firstAt: Date;
  lockedUntil: Date | null;
}

const auditSchema = new Schema<AuditDoc>(
  {
    at: { type: Date, required: true },
    actor: {
      userId: { type: String, default: null },
      tokenId: { type: String, default: null },
      name: { type: String, required: true },
    },
    via: { type: String, required: true },
    action: { type: String, required: true },
    resource: { type: String, required: true },
    resourceId: { type: String, default: null },
    before: { type: Schema.Types.Mixed, default: null },
    after: { type: Schema.Types.Mixed, default: null },
    requestId: { type: String, required: true },
    address: { type: String, required: true },
    status: { type: Number, required: true },
  },
  { strict: 'throw', minimize: false },
);
auditSchema.index({ resource: 1, resourceId: 1, at: -1 });
auditSchema.index({ 'actor.userId': 1, at: -1 });
auditSchema.index({ at: -1 });

const loginFailureSchema = new Schema<LoginFailureDoc>(
  {
    key: { type: String, required: true, unique: true },
    count: { type: Number, required: true },
    firstAt: { type: Date, required: true },
    lockedUntil: { type: Date, default: null },
  },
  { strict: 'throw' },
);

export const auditModel = (conn: Connection) =>
  (conn.models.Audit as Model<AuditDoc>) ?? conn.model<AuditDoc>('Audit', auditSchema, 'audit');
export const loginFailureModel = (conn: Connection) =>
  (conn.models.LoginFailure as Model<LoginFailureDoc>) ?? conn.model<LoginFailureDoc>('LoginFailure', loginFailureSchema);

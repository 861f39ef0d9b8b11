import { Schema, type Connection, type Model, type Types } from 'mongoose';

/** One sign-in attempt through the identity provider, alive for a few minutes and used once. */
export interface OidcFlowDoc {
  _id: Types.ObjectId;
  /** sha-256 of the browser cookie that binds the attempt to the browser that started it. */
  key: string;
  state: string;
  nonce: string;
  verifier: string;
  expiresAt: Date;
}

const oidcFlowSchema = new Schema<OidcFlowDoc>(
  {
    key: { type: String, required: true, unique: true },
    state: { type: String, required: true },
    nonce: { type: String, required: true },
    verifier: { type: String, required: true },
    expiresAt: { type: Date, required: true, expires: 0 },
  },
  { strict: 'throw' },
);

export const oidcFlowModel = (conn: Connection) =>
  (conn.models.OidcFlow as Model<OidcFlowDoc>) ?? conn.model<OidcFlowDoc>('OidcFlow', oidcFlowSchema);

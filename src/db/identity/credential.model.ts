import { Schema, type Connection, type Model, type Types } from 'mongoose';
import { ROLES, type Role } from '../../domain/identity/roles';

/** Secrets live here, each only as a hash: argon2id for passwords, sha-256 for random tokens. */

export interface CredentialDoc {
  _id: Types.ObjectId;
  userId: string;
  passwordHash: string;
  updatedAt: Date;
}

export interface SessionDoc {
  _id: Types.ObjectId;
  /** sha-256 of the cookie value. */
  idHash: string;
  userId: string;
  via: 'password' | 'oidc';
  createdAt: Date;
  lastSeenAt: Date;
  /** Absolute expiry; a TTL index removes the document afterwards. */
  expiresAt: Date;
}

export interface ApiTokenDoc {
  _id: Types.ObjectId;
  hash: string;
  name: string;
  kind: 'personal' | 'service';
  userId: string | null;
  role: Role;
  teamIds: string[];
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  createdBy: string;
  createdAt: Date;
}

/** One-time links: set or reset a password, and the user's own calendar feed token (never used up). */
export interface OneTimeLinkDoc {
  _id: Types.ObjectId;
  hash: string;
  userId: string;
  purpose: 'password';
  expiresAt: Date;
  usedAt: Date | null;
}

const credentialSchema = new Schema<CredentialDoc>(
  { userId: { type: String, required: true, unique: true }, passwordHash: { type: String, required: true } },
  { timestamps: { createdAt: false, updatedAt: true }, strict: 'throw' },
);

const sessionSchema = new Schema<SessionDoc>(
  {
    idHash: { type: String, required: true, unique: true },
    userId: { type: String, required: true, index: true },
    via: { type: String, enum: ['password', 'oidc'], required: true },
    createdAt: { type: Date, required: true },
    lastSeenAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true, expires: 0 },
  },
  { strict: 'throw' },
);

const apiTokenSchema = new Schema<ApiTokenDoc>(
  {
    hash: { type: String, required: true, unique: true },
    name: { type: String, required: true },
    kind: { type: String, enum: ['personal', 'service'], required: true },
    userId: { type: String, default: null },
    role: { type: String, enum: ROLES, required: true },
    teamIds: { type: [String], default: [] },
    expiresAt: { type: Date, default: null },
    lastUsedAt: { type: Date, default: null },
    revokedAt: { type: Date, default: null },
    createdBy: { type: String, required: true },
  },
  { timestamps: { createdAt: true, updatedAt: false }, strict: 'throw' },
);

const oneTimeLinkSchema = new Schema<OneTimeLinkDoc>(
  {
    hash: { type: String, required: true, unique: true },
    userId: { type: String, required: true },
    purpose: { type: String, enum: ['password'], required: true },
    expiresAt: { type: Date, required: true },
    usedAt: { type: Date, default: null },
  },
  { strict: 'throw' },
);

export const credentialModel = (conn: Connection) =>
  (conn.models.Credential as Model<CredentialDoc>) ?? conn.model<CredentialDoc>('Credential', credentialSchema);
export const sessionModel = (conn: Connection) =>
  (conn.models.Session as Model<SessionDoc>) ?? conn.model<SessionDoc>('Session', sessionSchema);
export const apiTokenModel = (conn: Connection) =>
  (conn.models.ApiToken as Model<ApiTokenDoc>) ?? conn.model<ApiTokenDoc>('ApiToken', apiTokenSchema);
export const oneTimeLinkModel = (conn: Connection) =>
  (conn.models.OneTimeLink as Model<OneTimeLinkDoc>) ?? conn.model<OneTimeLinkDoc>('OneTimeLink', oneTimeLinkSchema);

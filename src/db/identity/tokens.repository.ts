import type { Connection } from 'mongoose';
import type { Role } from '../../domain/identity/roles';
import { apiTokenModel, type ApiTokenDoc } from './credential.model';
import { newSecret, sha256 } from './secrets';

/** What a caller chooses for a new token; the rest of ApiTokenDoc is the repository's. */
export type NewToken = Omit<ApiTokenDoc, '_id' | 'hash' | 'lastUsedAt' | 'revokedAt' | 'createdAt'>;

export interface TokenView {
  id: string;
  name: string;
  kind: 'personal' | 'service';
  userId: string | null;
  role: Role;
  teamIds: string[];
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  createdAt: string;
}

export const toTokenView = (d: ApiTokenDoc): TokenView => ({
  id: String(d._id),
  name: d.name,
  kind: d.kind,
  userId: d.userId,
  role: d.role,
  teamIds: d.teamIds,
  expiresAt: d.expiresAt?.toISOString() ?? null,
  lastUsedAt: d.lastUsedAt?.toISOString() ?? null,
  revokedAt: d.revokedAt?.toISOString() ?? null,
  createdAt: d.createdAt.toISOString(),
});

/** Creates a token; the secret is returned this once and only its hash is kept. */
export async function createToken(conn: Connection, t: NewToken): Promise<{ token: string; view: TokenView }> {
  const token = newSecret('nlt');
  const doc = await apiTokenModel(conn).create({ ...t, hash: sha256(token) });
  return { token, view: toTokenView(doc.toObject()) };
}

export async function findTokenBySecret(conn: Connection, presented: string): Promise<ApiTokenDoc | null> {
  return apiTokenModel(conn).findOne({ hash: sha256(presented) }).lean();
}

export async function markTokenUsed(conn: Connection, id: string, now: Date): Promise<void> {
  await apiTokenModel(conn).updateOne({ _id: id }, { $set: { lastUsedAt: now } });
}

export async function listTokens(conn: Connection, filter: { userId?: string }): Promise<TokenView[]> {
  const docs = await apiTokenModel(conn).find(filter.userId ? { userId: filter.userId } : {}).sort({ createdAt: -1 }).lean();
  return docs.map(toTokenView);
}

export async function getToken(conn: Connection, id: string): Promise<ApiTokenDoc | null> {
  return apiTokenModel(conn).findById(id).lean();
}

export async function revokeToken(conn: Connection, id: string, now: Date): Promise<TokenView | null> {
  const doc = await apiTokenModel(conn)
    .findOneAndUpdate({ _id: id, revokedAt: null }, { $set: { revokedAt: now } }, { returnDocument: 'after' })
    .lean();
  return doc ? toTokenView(doc) : null;
}

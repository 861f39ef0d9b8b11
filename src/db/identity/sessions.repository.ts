import type { Connection } from 'mongoose';
import { sessionExpired, type SessionLimits } from '../../domain/identity/session-expiry';
import { sessionModel } from './credential.model';
import { csrfFor, newSecret, sha256 } from './secrets';

export interface OpenSession {
  userId: string;
  idHash: string;
  csrf: string;
}

/** A fresh session id every login (no fixation); the cookie carries it, the database only its hash. */
export async function createSession(
  conn: Connection,
  userId: string,
  via: 'password' | 'oidc',
  now: Date,
  limits: SessionLimits,
): Promise<{ id: string; csrf: string; expiresAt: Date }> {
  const id = newSecret('nls');
  const expiresAt = new Date(now.getTime() + limits.absoluteMs);
  await sessionModel(conn).create({ idHash: sha256(id), userId, via, createdAt: now, lastSeenAt: now, expiresAt });
  return { id, csrf: csrfFor(id), expiresAt };
}

/** The live session for a cookie value, touched; an idle or too-old one is deleted and reported as null. */
export async function findSession(conn: Connection, id: string, now: Date, limits: SessionLimits): Promise<OpenSession | null> {
  const idHash = sha256(id);
  const doc = await sessionModel(conn).findOne({ idHash }).lean();
  if (!doc) return null;
  if (sessionExpired(doc, now, limits)) {
    await sessionModel(conn).deleteOne({ idHash });
    return null;
  }
  await sessionModel(conn).updateOne({ idHash }, { $set: { lastSeenAt: now } });
  return { userId: doc.userId, idHash, csrf: csrfFor(id) };
}

export async function endSession(conn: Connection, id: string): Promise<void> {
  await sessionModel(conn).deleteOne({ idHash: sha256(id) });
}

/** "Log out everywhere". */
export async function endAllSessions(conn: Connection, userId: string): Promise<number> {
  return (await sessionModel(conn).deleteMany({ userId })).deletedCount;
}

import type { Connection } from 'mongoose';
import { afterFailure, retryAfterSeconds, type ThrottlePolicy } from '../../domain/identity/login-throttle';
import { userModel } from '../user.model';
import { loginFailureModel } from './audit.model';
import { credentialModel, oneTimeLinkModel } from './credential.model';
import { hashPassword, newSecret, sha256, verifyPassword } from './secrets';

export async function setPassword(conn: Connection, userId: string, password: string): Promise<void> {
  const passwordHash = await hashPassword(password);
  await credentialModel(conn).updateOne({ userId }, { $set: { passwordHash } }, { upsert: true });
}

/** The user id when the email and password match, null otherwise (same answer for unknown email and bad password). */
export async function checkPassword(conn: Connection, email: string, password: string): Promise<string | null> {
  const user = await userModel(conn).findOne({ email }, { _id: 1 }).lean();
  const cred = user ? await credentialModel(conn).findOne({ userId: String(user._id) }).lean() : null;
  if (!user || !cred) return null;
  return (await verifyPassword(cred.passwordHash, password)) ? String(user._id) : null;
}

/** A one-time link secret to set or reset a password; valid for `ttlMs`. */
export async function createPasswordLink(conn: Connection, userId: string, now: Date, ttlMs: number): Promise<string> {
  const secret = newSecret('nlp');
  await oneTimeLinkModel(conn).create({ hash: sha256(secret), userId, purpose: 'password', expiresAt: new Date(now.getTime() + ttlMs) });
  return secret;
}

/** Uses up a link (atomically, so two tabs cannot both use it); returns its user or null. */
export async function consumePasswordLink(conn: Connection, secret: string, now: Date): Promise<string | null> {
  const doc = await oneTimeLinkModel(conn)
    .findOneAndUpdate(
      { hash: sha256(secret), purpose: 'password', usedAt: null, expiresAt: { $gt: now } },
      { $set: { usedAt: now } },
      { returnDocument: 'after' },
    )
    .lean();
  return doc?.userId ?? null;
}

/** Seconds the key must still wait (0 when free). */
export async function lockedFor(conn: Connection, key: string, now: Date): Promise<number> {
  const doc = await loginFailureModel(conn).findOne({ key }).lean();
  return retryAfterSeconds(doc, now);
}

/** Counts a failed login against the key; returns true when this failure locked it. */
export async function recordFailure(conn: Connection, key: string, now: Date, policy: ThrottlePolicy): Promise<boolean> {
  const prev = await loginFailureModel(conn).findOne({ key }).lean();
  const { state, locked } = afterFailure(prev, now, policy);
  await loginFailureModel(conn).updateOne({ key }, { $set: state }, { upsert: true });
  return locked;
}

export async function clearFailures(conn: Connection, key: string): Promise<void> {
  await loginFailureModel(conn).deleteOne({ key });
}

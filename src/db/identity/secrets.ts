import { createHash, randomBytes } from 'node:crypto';
import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';

/** Random tokens carry 256 bits, so a fast hash is enough to store them; passwords get argon2id. */
export const newSecret = (prefix: string): string => `${prefix}_${randomBytes(32).toString('base64url')}`;
export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

/** The CSRF token of a session: derived from its id, so it needs no storage and is useless without the cookie. */
export const csrfFor = (sessionId: string): string =>
  createHash('sha256').update(`csrf:${sessionId}`).digest('base64url');

// argon2id (Algorithm.Argon2id = 2) with the library's defaults (19 MiB, t=2), OWASP's minimum recommendation.
export const hashPassword = (password: string): Promise<string> => argonHash(password, { algorithm: 2 });

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await argonVerify(stored, password);
  } catch {
    return false;
  }
}

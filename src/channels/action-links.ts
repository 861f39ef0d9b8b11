import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * One-click acknowledge/resolve links for page emails: a signed, expiring capability for one alert, one
 * action and one person. Single use is enforced by the store (action-link-use.model.ts) on the nonce.
 */
export type LinkAction = 'acknowledge' | 'resolve';

export interface ActionClaims {
  alertId: string;
  action: LinkAction;
  userId: string;
  /** Epoch milliseconds after which the link is refused. */
  exp: number;
  /** Random; recorded when the link is used. */
  nonce: string;
}

export type VerifiedLink = { ok: true; claims: ActionClaims } | { ok: false; reason: 'invalid' | 'expired' };

const b64 = (b: Buffer | string) => Buffer.from(b).toString('base64url');
const mac = (secret: string, payload: string) => createHmac('sha256', secret).update(`action-link:${payload}`).digest();

export function signActionLink(secret: string, claims: Omit<ActionClaims, 'nonce'> & { nonce?: string }): string {
  const full: ActionClaims = { ...claims, nonce: claims.nonce ?? randomBytes(12).toString('base64url') };
  const payload = b64(JSON.stringify(full));
  return `${payload}.${b64(mac(secret, payload))}`;
}

/** Checks the signature first (a forged token learns nothing), then the expiry against `now`. */
export function verifyActionLink(secret: string, token: string, now: Date): VerifiedLink {
  const [payload, sig, extra] = token.split('.');
  if (!payload || !sig || extra !== undefined) return { ok: false, reason: 'invalid' };
  const expected = mac(secret, payload);
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'invalid' };
  let claims: ActionClaims;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as ActionClaims;
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  if (typeof claims.exp !== 'number' || (claims.action !== 'acknowledge' && claims.action !== 'resolve')) return { ok: false, reason: 'invalid' };
  if (now.getTime() > claims.exp) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}

/** ACTION_LINK_SECRET, or a key derived from the admin token so dev needs no extra variable. */
export function actionLinkSecret(config: { ACTION_LINK_SECRET?: string; ADMIN_API_TOKEN: string }): string {
  return config.ACTION_LINK_SECRET ?? createHmac('sha256', config.ADMIN_API_TOKEN).update('nightline action links').digest('hex');
}

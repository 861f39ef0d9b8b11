import type { Request, Response } from 'express';
import type { Actor } from '../../domain/identity/roles';

/** Who made the request and how they proved it; set by the identity guard on res.locals. */
export interface Principal {
  via: 'session' | 'token' | 'admin-token';
  actor: Actor;
  userId: string | null;
  tokenId: string | null;
  /** What the alert timeline and audit log show. */
  name: string;
  /** Session-only: the cookie value's CSRF token. */
  csrf?: string;
  /** Session-only: the raw cookie value, so logout can end this session. */
  sessionId?: string;
}

export const principalOf = (res: Response): Principal | undefined => res.locals.principal as Principal | undefined;

export function requirePrincipal(res: Response): Principal {
  const p = principalOf(res);
  if (!p) throw new Error('identity guard did not run before this route');
  return p;
}

/** The client address: X-Forwarded-For counts only through the TRUST_PROXY_HOPS proxies the operator named. */
export const clientAddress = (req: Request): string => req.ip ?? req.socket.remoteAddress ?? 'unknown';

export const SESSION_COOKIE = 'nightline_session';
export const CSRF_HEADER = 'x-csrf-token';

export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

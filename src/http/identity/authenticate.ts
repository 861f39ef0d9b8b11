import type { Request } from 'express';
import type { Connection } from 'mongoose';
import type { Config } from '../../config';
import { actorForToken, actorForUser } from '../../domain/identity/roles';
import type { Logger } from '../../logger';
import { findSession } from '../../db/identity/sessions.repository';
import { membershipsOf } from '../../db/identity/teams.repository';
import { findTokenBySecret, markTokenUsed } from '../../db/identity/tokens.repository';
import { userModel } from '../../db/user.model';
import { sameSecret } from '../auth';
import { clientAddress, readCookie, SESSION_COOKIE, type Principal } from './principal';

export type Authenticated = { principal: Principal } | { problem: string } | null;

export interface AuthDeps {
  conn: Connection;
  config: Config;
  log: Logger;
}

export const sessionLimits = (config: Config) => ({
  idleMs: config.SESSION_IDLE_MINUTES * 60_000,
  absoluteMs: config.SESSION_ABSOLUTE_HOURS * 3_600_000,
});

async function userName(conn: Connection, userId: string): Promise<string | null> {
  const u = await userModel(conn).findById(userId, { name: 1 }).lean();
  return u?.name ?? null;
}

async function byToken(deps: AuthDeps, req: Request, presented: string, now: Date): Promise<Authenticated> {
  const { conn, config, log } = deps;
  if (sameSecret(presented, config.ADMIN_API_TOKEN)) {
    log.warn({ method: req.method, path: req.path, address: clientAddress(req) }, 'break-glass ADMIN_API_TOKEN used');
    return {
      principal: { via: 'admin-token', actor: { userId: null, admin: true, grants: [] }, userId: null, tokenId: null, name: 'admin-token' },
    };
  }
  const t = await findTokenBySecret(conn, presented);
  if (!t) return { problem: 'invalid API token' };
  if (t.revokedAt) return { problem: 'API token revoked' };
  if (t.expiresAt && t.expiresAt <= now) return { problem: 'API token expired' };
  let name = `token:${t.name}`;
  let owner = null;
  if (t.userId) {
    const n = await userName(conn, t.userId);
    if (!n) return { problem: 'API token owner no longer exists' };
    name = n;
    owner = actorForUser(t.userId, await membershipsOf(conn, t.userId));
  }
  await markTokenUsed(conn, String(t._id), now);
  const actor = actorForToken(owner, { role: t.role, teamIds: t.teamIds }, t.userId);
  return { principal: { via: 'token', actor, userId: t.userId, tokenId: String(t._id), name } };
}

/** Reads the bearer token or the session cookie; null when the request carries neither. */
export async function authenticate(deps: AuthDeps, req: Request, now = new Date()): Promise<Authenticated> {
  const header = req.get('authorization');
  if (header) {
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) return { problem: 'Authorization header must be "Bearer <token>"' };
    return byToken(deps, req, m[1]!, now);
  }
  const sessionId = readCookie(req, SESSION_COOKIE);
  if (!sessionId) return null;
  const s = await findSession(deps.conn, sessionId, now, sessionLimits(deps.config));
  if (!s) return { problem: 'session expired or logged out' };
  const name = await userName(deps.conn, s.userId);
  if (!name) return { problem: 'session user no longer exists' };
  const actor = actorForUser(s.userId, await membershipsOf(deps.conn, s.userId));
  return { principal: { via: 'session', actor, userId: s.userId, tokenId: null, name, csrf: s.csrf, sessionId } };
}

import { Router, type Request, type Response } from 'express';
import type { Connection } from 'mongoose';
import type { Config } from '../../config';
import type { Logger } from '../../logger';
import { appendAudit } from '../../db/identity/audit.repository';
import { checkPassword, clearFailures, consumePasswordLink, lockedFor, recordFailure, setPassword } from '../../db/identity/credentials.repository';
import { createSession, endAllSessions, endSession } from '../../db/identity/sessions.repository';
import { membershipsOf } from '../../db/identity/teams.repository';
import { actorForUser } from '../../domain/identity/roles';
import { teamModel } from '../../db/identity/team.model';
import { userModel } from '../../db/user.model';
import { AppError } from '../errors';
import { parseInput } from '../validation/parse';
import { sessionLimits } from './authenticate';
import { loginBody, setPasswordBody } from './identity.schemas';
import { clientAddress, readCookie, requirePrincipal, SESSION_COOKIE, type Principal } from './principal';

export interface AuthRouteDeps {
  conn: Connection;
  config: Config;
  log: Logger;
}

export const cookieOptions = (config: Config) => ({
  httpOnly: true,
  sameSite: 'lax' as const,
  secure: config.PUBLIC_URL.startsWith('https://'),
  path: '/',
});

/** Starts a session for a person who proved who they are (password or SSO); the old cookie's session ends. */
export async function startSession(deps: AuthRouteDeps, req: Request, res: Response, userId: string, via: 'password' | 'oidc') {
  const old = readCookie(req, SESSION_COOKIE);
  if (old) await endSession(deps.conn, old);
  const limits = sessionLimits(deps.config);
  const s = await createSession(deps.conn, userId, via, new Date(), limits);
  res.cookie(SESSION_COOKIE, s.id, { ...cookieOptions(deps.config), maxAge: limits.absoluteMs });
  return s;
}

/** What the console needs about the caller: who, in which teams with which role, and the CSRF token. */
export async function describeMe(conn: Connection, p: Principal) {
  const user = p.userId ? await userModel(conn).findById(p.userId, { name: 1, email: 1 }).lean() : null;
  const teamIds = p.actor.grants.map((g) => g.teamId);
  const teams = await teamModel(conn).find({ _id: { $in: teamIds } }).lean();
  const nameOf = new Map(teams.map((t) => [String(t._id), t.name]));
  return {
    user: user ? { id: String(user._id), name: user.name, email: user.email } : null,
    via: p.via,
    admin: p.actor.admin,
    teams: p.actor.grants.map((g) => ({ id: g.teamId, name: nameOf.get(g.teamId) ?? g.teamId, role: g.role })),
    csrfToken: p.csrf ?? null,
  };
}

function tooMany(res: Response, seconds: number): never {
  res.setHeader('Retry-After', String(seconds));
  throw new AppError('too_many_attempts', `too many failed logins; try again in ${seconds} s`, 429);
}

export function authRoutes(deps: AuthRouteDeps): Router {
  const { conn, config, log } = deps;
  const r = Router();
  const policy = (max: number) => ({ maxFailures: max, windowMs: config.LOGIN_LOCKOUT_MINUTES * 60_000, lockMs: config.LOGIN_LOCKOUT_MINUTES * 60_000 });

  r.post('/auth/login', async (req, res) => {
    const { email, password } = parseInput(loginBody, req.body);
    const now = new Date();
    const keys = [
      { key: `account:${email.toLowerCase()}`, max: config.LOGIN_MAX_FAILURES_PER_ACCOUNT },
      { key: `address:${clientAddress(req)}`, max: config.LOGIN_MAX_FAILURES_PER_ADDRESS },
    ];
    const wait = Math.max(...(await Promise.all(keys.map((k) => lockedFor(conn, k.key, now)))));
    if (wait > 0) tooMany(res, wait);
    const userId = await checkPassword(conn, email, password);
    if (!userId) {
      let locked = false;
      for (const k of keys) {
        if (!(await recordFailure(conn, k.key, now, policy(k.max)))) continue;
        locked = true;
        log.warn({ key: k.key, address: clientAddress(req) }, 'login locked out after repeated failures');
        await appendAudit(conn, {
          at: now,
          actor: { userId: null, tokenId: null, name: 'anonymous' },
          via: 'anonymous',
          action: 'lockout',
          resource: 'lockout',
          resourceId: k.key,
          before: null,
          after: { until: new Date(now.getTime() + config.LOGIN_LOCKOUT_MINUTES * 60_000).toISOString() },
          requestId: String(res.getHeader('X-Request-Id') ?? ''),
          address: clientAddress(req),
          status: 429,
        });
      }
      if (locked) tooMany(res, config.LOGIN_LOCKOUT_MINUTES * 60);
      throw new AppError('unauthorized', 'wrong email or password', 401);
    }
    await clearFailures(conn, keys[0]!.key);
    const s = await startSession(deps, req, res, userId, 'password');
    const name = (await userModel(conn).findById(userId, { name: 1 }).lean())?.name ?? userId;
    const p: Principal = { via: 'session', actor: actorForUser(userId, await membershipsOf(conn, userId)), userId, tokenId: null, name, csrf: s.csrf };
    res.locals.principal = p;
    res.json(await describeMe(conn, p));
  });

  r.post('/auth/logout', async (req, res) => {
    const p = requirePrincipal(res);
    if (p.sessionId) await endSession(conn, p.sessionId);
    res.clearCookie(SESSION_COOKIE, cookieOptions(config));
    res.status(204).end();
  });

  r.post('/auth/logout-everywhere', async (_req, res) => {
    const p = requirePrincipal(res);
    if (!p.userId) throw new AppError('bad_request', 'this credential belongs to no person', 400);
    const ended = await endAllSessions(conn, p.userId);
    res.clearCookie(SESSION_COOKIE, cookieOptions(config));
    res.json({ ended });
  });

  r.get('/auth/me', async (_req, res) => {
    res.json(await describeMe(conn, requirePrincipal(res)));
  });

  // Set or reset a password with the secret from a one-time link; every open session of that person ends.
  r.post('/auth/password', async (req, res) => {
    const { token, password } = parseInput(setPasswordBody, req.body);
    const userId = await consumePasswordLink(conn, token, new Date());
    if (!userId) throw new AppError('invalid_link', 'this link is unknown, used or expired', 400);
    await setPassword(conn, userId, password);
    await endAllSessions(conn, userId);
    res.status(204).end();
  });
  return r;
}

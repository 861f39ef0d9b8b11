import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { sameSecret } from '../auth';
import { AppError } from '../errors';
import { authenticate, type AuthDeps } from './authenticate';
import { authorize, forbidden } from './authorize';
import { CSRF_HEADER, type Principal } from './principal';
import { recordWrites } from './record-writes';
import { findRule } from './rule-match';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
const QUERY_TOKENS = ['token', 'access_token', 'api_key'];
const unauthorized = (m: string) => new AppError('unauthorized', m, 401);

/**
 * The one place that decides who may call what under /api/v1: authenticates the bearer token or session
 * cookie, checks CSRF on cookie writes, applies the route's rule from route-rules.ts, pins the acting
 * person on alert actions, and arranges the audit entry. Mount it after the JSON body parser.
 */
export function identityGuard(deps: AuthDeps): RequestHandler {
  return async (req, res, next) => {
    // One id per request: the request logger's (pino-http sets req.id and the header), so audit and logs agree.
    const logged = (req as { id?: unknown }).id;
    const requestId = logged ? String(logged) : req.get('x-request-id')?.slice(0, 100) || randomUUID();
    if (!res.getHeader('X-Request-Id')) res.setHeader('X-Request-Id', requestId);
    const path = `${req.baseUrl}${req.path}`;
    const matched = findRule(req.method, path);
    if (matched?.rule.access.kind === 'own-auth') return next();
    if (QUERY_TOKENS.some((k) => k in (req.query as object))) {
      throw new AppError('token_in_query', 'tokens are accepted only in the Authorization header or the session cookie', 400);
    }
    const auth = await authenticate(deps, req);
    const principal: Principal | undefined = auth && 'principal' in auth ? auth.principal : undefined;
    res.locals.principal = principal;
    const access = matched?.rule.access;
    if (access?.kind !== 'public') {
      if (!principal) throw unauthorized(auth && 'problem' in auth ? auth.problem : 'sign in, or send Authorization: Bearer <token>');
      if (principal.via === 'session' && !SAFE.has(req.method)) {
        const given = req.get(CSRF_HEADER) ?? '';
        if (!sameSecret(given, principal.csrf ?? '')) throw new AppError('csrf_failed', `missing or wrong ${CSRF_HEADER} header`, 403);
      }
      if (!matched) {
        // A route nobody wrote a rule for: only an admin gets through (the matrix test fails until it has one).
        if (!principal.actor.admin) throw forbidden(`no access rule for ${req.method} ${path}`);
        return next();
      }
      await authorize(deps.conn, matched.rule.access, principal.actor, matched.params, req);
    }
    if (matched?.rule.actorInBody && principal && principal.via !== 'admin-token') {
      // The acting person is whoever signed in; a `by` in the body is ignored. (The break-glass admin token
      // has no person behind it, so it keeps naming one in `by`.)
      req.body = { ...(typeof req.body === 'object' && req.body ? req.body : {}), by: principal.name };
    }
    if (matched && !SAFE.has(req.method)) await recordWrites(deps, req, res, matched, principal, requestId);
    next();
  };
}

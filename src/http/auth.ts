import { timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from '../logger';
import { AppError } from './errors';

/** Compares a presented secret with the expected one in constant time (no timing hint about a prefix). */
export function sameSecret(given: string, expected: string): boolean {
  const x = Buffer.from(given);
  const y = Buffer.from(expected);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The break-glass ADMIN_API_TOKEN guard of /metrics; every use is logged, as under /api/v1. */
export function requireAdminToken(token: string, log?: Logger): RequestHandler {
  return (req, _res, next) => {
    const header = req.get('authorization') ?? '';
    const m = /^Bearer\s+(.+)$/i.exec(header);
    if (!m) return next(new AppError('unauthorized', 'missing Authorization: Bearer <token> header', 401));
    if (!sameSecret(m[1] ?? '', token)) {
      return next(new AppError('unauthorized', 'invalid admin API token', 401));
    }
    log?.info({ method: req.method, path: req.path }, 'break-glass ADMIN_API_TOKEN used');
    next();
  };
}

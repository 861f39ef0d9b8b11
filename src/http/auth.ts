import { timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { AppError } from './errors';

/** Bearer-token guard for the admin API until real auth exists. */
export function requireAdminToken(token: string): RequestHandler {
  const expected = Buffer.from(token);
  return (req, _res, next) => {
    const header = req.get('authorization') ?? '';
    const m = /^Bearer\s+(.+)$/i.exec(header);
    const given = Buffer.from(m?.[1] ?? '');
    if (!m) return next(new AppError('unauthorized', 'missing Authorization: Bearer <token> header', 401));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return next(new AppError('unauthorized', 'invalid admin API token', 401));
    }
    next();
  };
}

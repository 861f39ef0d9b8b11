import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';

/** The one error family: every failure the API reports is an AppError with a stable code. */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badRequest = (message: string, details?: unknown) =>
  new AppError('bad_request', message, 400, details);
export const notFound = (what: string, id: string) => new AppError('not_found', `${what} ${id} not found`, 404);
export const conflict = (message: string, details?: unknown) => new AppError('conflict', message, 409, details);
export const unavailable = (message: string, details?: unknown) =>
  new AppError('unavailable', message, 503, details);

/** Turns a ZodError into a 400 whose message names the offending fields. */
export function fromZod(err: ZodError, where = 'body'): AppError {
  const details = err.issues.map((i) => ({ field: i.path.join('.') || where, message: i.message }));
  const message = details.map((d) => `${d.field}: ${d.message}`).join('; ');
  return new AppError('validation_failed', message, 400, details);
}

export const notFoundRoute: RequestHandler = (req, _res, next) =>
  next(new AppError('not_found', `no route for ${req.method} ${req.path}`, 404));

export function errorHandler(log: { error: (o: unknown, m?: string) => void }): ErrorRequestHandler {
  return (err, req, res, _next) => {
    let e: AppError;
    if (err instanceof AppError) e = err;
    else if (err instanceof ZodError) e = fromZod(err);
    else if (err?.type === 'entity.parse.failed') e = badRequest('request body is not valid JSON');
    else if (err?.type === 'entity.too.large') e = new AppError('payload_too_large', 'request body too large', 413);
    else if (err?.name === 'CastError') e = badRequest(`invalid id: ${String(err.value)}`);
    else {
      // The request's own logger (request-logging.ts) carries its request id.
      ((req as { log?: typeof log }).log ?? log).error({ err }, 'unhandled error');
      e = new AppError('internal', 'internal server error', 500);
    }
    res.status(e.status).json({ error: { code: e.code, message: e.message, details: e.details } });
  };
}

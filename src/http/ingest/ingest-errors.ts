import type { ErrorRequestHandler } from 'express';
import { TemporalUnavailableError } from '../../temporal/engine-errors';
import { AppError } from '../errors';

/** What an ingestion endpoint tells its client went wrong, before it is put into that client's dialect. */
export interface IngestFailure {
  status: number;
  kind: 'invalid' | 'unavailable' | 'internal';
  message: string;
  errors: string[];
}

export class InvalidEventError extends Error {
  constructor(message: string, readonly errors: string[], readonly status = 400) {
    super(message);
    this.name = 'InvalidEventError';
  }
}

/** Classifies any error thrown while ingesting; monitoring tools retry on 5xx, so only transient things get one. */
export function classify(err: unknown): IngestFailure {
  const e = err as { type?: string; message?: string };
  if (err instanceof InvalidEventError) return { status: err.status, kind: 'invalid', message: err.message, errors: err.errors };
  if (e?.type === 'entity.parse.failed') return { status: 400, kind: 'invalid', message: 'Event object is invalid', errors: ['body is not valid JSON'] };
  if (e?.type === 'entity.too.large') return { status: 413, kind: 'invalid', message: 'Event object is too large', errors: ['body must be at most 512 KB'] };
  if (err instanceof TemporalUnavailableError) {
    return { status: 503, kind: 'unavailable', message: 'Nightline cannot reach its workflow engine; retry later', errors: [] };
  }
  if (err instanceof AppError && err.status < 500) return { status: err.status, kind: 'invalid', message: err.message, errors: [err.message] };
  if (err instanceof AppError) return { status: err.status, kind: 'unavailable', message: err.message, errors: [] };
  return { status: 500, kind: 'internal', message: 'internal server error', errors: [] };
}

export function ingestErrorHandler(
  log: { error: (o: unknown, m?: string) => void },
  render: (f: IngestFailure) => unknown,
): ErrorRequestHandler {
  return (err, _req, res, _next) => {
    const f = classify(err);
    if (f.kind === 'internal') log.error({ err }, 'ingestion failed');
    res.status(f.status).json(render(f));
  };
}

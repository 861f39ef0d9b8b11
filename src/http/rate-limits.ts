import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { Config } from '../config';
import { AppError } from './errors';

const MINUTE_MS = 60_000;

export interface RateLimits {
  /** Per routing key (body `routing_key` or path `:routingKey`); mount after the body parser. */
  events: RequestHandler;
  /** Per client address, for webhooks whose caller is a provider (Twilio). */
  webhooks: RequestHandler;
}

/** The routing key is the ingestion credential: one noisy integration cannot starve the others. */
function routingKeyOf(req: Request): string {
  const fromPath = (req.params as Record<string, string | undefined>).routingKey;
  const body = req.body as { routing_key?: unknown } | undefined;
  const fromBody = typeof body?.routing_key === 'string' ? body.routing_key : undefined;
  return (fromPath ?? fromBody) ? `key:${fromPath ?? fromBody}` : `ip:${ipKeyGenerator(req.ip ?? '')}`;
}

/**
 * Fixed-window limits answering 429 with `Retry-After` (as PagerDuty's Events API does), kept in memory per
 * replica (express-rate-limit). The error goes through the route's own error handler, so each endpoint keeps
 * its dialect.
 */
export function createRateLimits(
  config: Pick<Config, 'RATE_LIMIT_EVENTS_PER_MINUTE' | 'RATE_LIMIT_WEBHOOKS_PER_MINUTE'>,
): RateLimits {
  const common = {
    windowMs: MINUTE_MS,
    standardHeaders: 'draft-7' as const,
    legacyHeaders: true,
    // req.ip honours X-Forwarded-For only for TRUST_PROXY_HOPS proxies (app.ts), so it cannot be spoofed.
    validate: { trustProxy: false },
    handler: (_req: Request, _res: unknown, next: (err: unknown) => void) =>
      next(new AppError('rate_limited', 'too many requests; retry after the Retry-After header', 429)),
  };
  return {
    events: rateLimit({ ...common, limit: config.RATE_LIMIT_EVENTS_PER_MINUTE, keyGenerator: routingKeyOf }),
    webhooks: rateLimit({
      ...common,
      limit: config.RATE_LIMIT_WEBHOOKS_PER_MINUTE,
      keyGenerator: (req) => `ip:${ipKeyGenerator(req.ip ?? '')}`,
    }),
  };
}

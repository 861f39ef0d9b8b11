import { randomUUID } from 'node:crypto';
import express, { Router } from 'express';
import { findServiceByRoutingKey } from '../../db/service.repository';
import { fromPdEvent } from '../../domain/ingest';
import type { IngestDeps } from './index';
import { InvalidEventError, ingestErrorHandler } from './ingest-errors';
import { pdErrors, pdEvent } from './pagerduty.schemas';

export const EVENTS_BODY_LIMIT = '512kb';
const VIA = 'events-api-v2';

/**
 * PagerDuty Events API v2 drop-in: `POST /v2/enqueue`. No bearer token: the routing key is the credential,
 * so monitoring pointed at PagerDuty only needs its URL changed.
 */
export function pagerDutyRoutes(deps: IngestDeps): Router {
  const r = Router();
  // Any content type: some senders omit it, and PagerDuty accepts them.
  r.post('/v2/enqueue', express.json({ limit: EVENTS_BODY_LIMIT, type: () => true }), deps.rateLimit, async (req, res) => {
    const body: unknown = req.body;
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      throw new InvalidEventError('Event object is invalid', ['body must be a JSON object']);
    }
    const parsed = pdEvent.safeParse(body);
    if (!parsed.success) throw new InvalidEventError('Event object is invalid', pdErrors(parsed.error));
    const e = parsed.data;
    const service = await findServiceByRoutingKey(deps.conn, e.routing_key);
    if (!service) throw new InvalidEventError('Event object is invalid', ['routing_key: no service has this routing key']);
    const dedupKey = e.dedup_key ?? randomUUID().replace(/-/g, '');
    await deps.ingestor().apply(service, fromPdEvent(e, dedupKey), VIA);
    res.status(202).json({ status: 'success', message: 'Event processed', dedup_key: dedupKey });
  });
  r.use(
    '/v2/enqueue',
    ingestErrorHandler(deps.log, (f) =>
      f.status === 429 ? { status: 'throttled', message: f.message, errors: f.errors } : f.kind === 'invalid' ? { status: 'invalid event', message: f.message, errors: f.errors } : { status: 'error', message: f.message, errors: f.errors },
    ),
  );
  return r;
}

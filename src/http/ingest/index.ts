import { Router, type RequestHandler } from 'express';
import type { Connection } from 'mongoose';
import type { Logger } from '../../logger';
import type { AlertEngine } from '../../temporal/alert-engine';
import type { RunbookPager } from '../../temporal/runbook-pager';
import { TemporalUnavailableError } from '../../temporal/engine-errors';
import { alertmanagerRoutes } from './alertmanager.routes';
import { createIngestor, type Ingestor } from './ingest.service';
import { pagerDutyRoutes } from './pagerduty.routes';

export interface IngestDeps {
  conn: Connection;
  log: Pick<Logger, 'error'>;
  /** The ingestor, or a 503 when the app runs without an alert engine. */
  ingestor: () => Ingestor;
  /** Per-routing-key rate limit, run after the body parser. */
  rateLimit: RequestHandler;
}

/** Ingestion endpoints outside /api/v1: the routing key in the request is their credential. */
export function ingestRoutes(deps: { conn: Connection; log: Logger; alertEngine?: AlertEngine; rateLimit?: RequestHandler; runbookPager?: RunbookPager }): Router {
  const engine = deps.alertEngine;
  const ingestor = engine ? createIngestor({ conn: deps.conn, engine, runbookPager: deps.runbookPager }) : null;
  const ingest: IngestDeps = {
    conn: deps.conn,
    log: deps.log,
    rateLimit: deps.rateLimit ?? ((_req, _res, next) => next()),
    ingestor: () => {
      if (!ingestor) throw new TemporalUnavailableError('no alert engine configured');
      return ingestor;
    },
  };
  const r = Router();
  r.use(pagerDutyRoutes(ingest));
  r.use(alertmanagerRoutes(ingest));
  return r;
}

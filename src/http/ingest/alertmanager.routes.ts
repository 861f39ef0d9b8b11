import { createHash } from 'node:crypto';
import express, { Router } from 'express';
import { z } from 'zod';
import { findServiceByRoutingKey } from '../../db/service.repository';
import { fromAlertmanager, type AmNotification, type IngestEvent } from '../../domain/ingest';
import type { IngestDeps } from './index';
import type { IngestOutcome } from './ingest.service';
import { InvalidEventError, ingestErrorHandler } from './ingest-errors';
import { EVENTS_BODY_LIMIT } from './pagerduty.routes';

const VIA = 'alertmanager';
/** Alerts of one notification handled side by side; a group can hold many. */
const CONCURRENCY = 8;

const labelSet = z.record(z.string().max(1024), z.string().max(16_384)).default({});

const amAlert = z.object({
  status: z.enum(['firing', 'resolved']),
  labels: labelSet,
  annotations: labelSet,
  startsAt: z.string().optional(),
  endsAt: z.string().optional(),
  generatorURL: z.string().optional(),
  fingerprint: z.string().min(1).max(200).optional(),
});

/** Alertmanager's webhook body (version "4"); unknown fields are ignored. */
export const amNotification = z.object({
  version: z.literal('4', { error: 'only version "4" payloads are understood' }).optional(),
  groupKey: z.string().optional(),
  status: z.enum(['firing', 'resolved']).optional(),
  receiver: z.string().optional(),
  externalURL: z.string().optional(),
  alerts: z.array(amAlert).max(1000),
});

/** Alertmanager has sent fingerprints since 0.19; hand-made payloads without one are keyed by their labels. */
const labelsFingerprint = (labels: Record<string, string>) =>
  createHash('sha256').update(JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))).digest('hex').slice(0, 16);

async function inBatches<T, R>(items: T[], size: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(fn))));
  return out;
}

/** `POST /integrations/alertmanager/:routingKey`: a webhook receiver needs only this `url:`. */
export function alertmanagerRoutes(deps: IngestDeps): Router {
  const r = Router();
  r.post('/integrations/alertmanager/:routingKey', express.json({ limit: EVENTS_BODY_LIMIT, type: () => true }), deps.rateLimit, async (req, res) => {
    const parsed = amNotification.safeParse(req.body ?? {});
    if (!parsed.success) {
      throw new InvalidEventError('invalid Alertmanager notification', parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`));
    }
    const service = await findServiceByRoutingKey(deps.conn, String(req.params.routingKey));
    if (!service) throw new InvalidEventError('no service has this routing key', ['routingKey: unknown'], 404);
    const notification: AmNotification = {
      ...parsed.data,
      alerts: parsed.data.alerts.map((a) => ({ ...a, fingerprint: a.fingerprint ?? labelsFingerprint(a.labels) })),
    };
    const ingestor = deps.ingestor();
    const results = await inBatches<IngestEvent, IngestOutcome>(fromAlertmanager(notification), CONCURRENCY, (ev) => ingestor.apply(service, ev, VIA));
    res.status(200).json({ status: 'success', service: service.id, results });
  });
  r.use(
    '/integrations/alertmanager',
    ingestErrorHandler(deps.log, (f) => ({
      error: { code: f.status === 429 ? 'rate_limited' : f.kind === 'invalid' ? 'invalid_notification' : f.kind, message: f.message, details: f.errors },
    })),
  );
  return r;
}

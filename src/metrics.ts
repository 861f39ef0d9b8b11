import type { RequestHandler } from 'express';
import type { Connection } from 'mongoose';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { alertModel } from './db/alert.model';
import type { AlertEngine } from './temporal/alert-engine';

/** One registry per process (tests build many apps, so never the global default registry). */
export function createMetrics(conn?: Connection) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'nightline_' });
  return {
    registry,
    httpDuration: new Histogram({
      name: 'nightline_http_request_duration_seconds',
      help: 'HTTP request duration by route and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    alertActions: new Counter({
      name: 'nightline_alert_actions_total',
      help: 'Alert triggers (new or deduplicated), acknowledgements, resolutions and escalations, by outcome',
      labelNames: ['action', 'outcome'],
      registers: [registry],
    }),
    workflowStarts: new Counter({
      name: 'nightline_workflow_starts_total',
      help: "Alert workflows this process's outbox started, by whether the server handed the first task straight to this process's worker (eager start, when API and worker share the process)",
      labelNames: ['eager'],
      registers: [registry],
    }),
    webhookDuration: new Histogram({
      name: 'nightline_webhook_duration_seconds',
      help: 'Time to answer a webhook (Twilio, Events API, Alertmanager, Slack), by source and status',
      labelNames: ['source', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    alerts: new Gauge({
      name: 'nightline_alerts',
      help: 'Alerts by severity and status; read from MongoDB at scrape time',
      labelNames: ['severity', 'status'],
      registers: [registry],
      async collect() {
        if (!conn) return;
        const rows = await alertModel(conn).aggregate<{ _id: { severity: string; status: string }; n: number }>([
          { $group: { _id: { severity: '$severity', status: '$status' }, n: { $sum: 1 } } },
        ]);
        this.reset();
        for (const r of rows) this.set({ severity: r._id.severity, status: r._id.status }, r.n);
      },
    }),
  };
}

/** Which webhook a path is, or null: Twilio and Slack callbacks and the two alert ingest endpoints. */
export function webhookSource(path: string): string | null {
  if (path.startsWith('/twilio/')) return 'twilio';
  if (path.startsWith('/slack/')) return 'slack';
  if (path === '/v2/enqueue') return 'events_api';
  if (path.startsWith('/integrations/alertmanager/')) return 'alertmanager';
  return null;
}

export type Metrics = ReturnType<typeof createMetrics>;

/** Times every request; the route label is the matched pattern, so ids never explode the label set. */
export function httpMetrics(m: Metrics): RequestHandler {
  return (req, res, next) => {
    const end = m.httpDuration.startTimer();
    const source = webhookSource(req.path);
    const endWebhook = source ? m.webhookDuration.startTimer({ source }) : undefined;
    res.on('finish', () => {
      endWebhook?.({ status: String(res.statusCode) });
      const pattern: unknown = req.route?.path;
      const route = typeof pattern === 'string' ? routeLabel(req.originalUrl, pattern) : 'unmatched';
      end({ method: req.method, route, status: String(res.statusCode) });
    });
    next();
  };
}

/**
 * The mount prefix plus the matched pattern: Express has reset req.baseUrl by the time the response
 * finishes, so the prefix is the URL path less as many trailing segments as the pattern has.
 */
function routeLabel(originalUrl: string, pattern: string): string {
  const path = originalUrl.split('?')[0] ?? '';
  const segments = path.split('/');
  const patternSegments = pattern.split('/').filter(Boolean).length;
  const prefix = segments.slice(0, segments.length - patternSegments).join('/');
  return `${prefix}${pattern === '/' ? '' : pattern}` || '/';
}

/** Counts what happens to alerts at the one place every surface (REST, Events API, Alertmanager, phone) goes through. */
export function instrumentEngine(engine: AlertEngine, m: Metrics): AlertEngine {
  const count = async <T extends { ok?: boolean; deduplicated?: boolean }>(action: string, run: () => Promise<T>) => {
    try {
      const r = await run();
      const outcome = 'deduplicated' in r ? (r.deduplicated ? 'deduplicated' : 'new') : r.ok ? 'changed' : 'no_change';
      m.alertActions.inc({ action, outcome });
      return r;
    } catch (err) {
      m.alertActions.inc({ action, outcome: 'error' });
      throw err;
    }
  };
  return {
    ...engine,
    trigger: (input) => count('trigger', () => engine.trigger(input)),
    foldRepeat: async (input) => {
      const r = await engine.foldRepeat(input);
      if (r) m.alertActions.inc({ action: 'trigger', outcome: 'deduplicated' });
      return r;
    },
    acknowledge: (...a) => count('acknowledge', () => engine.acknowledge(...a)),
    resolve: (...a) => count('resolve', () => engine.resolve(...a)),
    escalate: (...a) => count('escalate', () => engine.escalate(...a)),
  };
}

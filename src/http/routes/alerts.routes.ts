import { Router } from 'express';
import type { AppDeps } from '../app';
import { AppError, notFound, unavailable } from '../errors';
import { parseInput } from '../validation/parse';
import { alertActionBody, createAlertBody, listAlertsQuery } from '../validation/alert.schemas';
import { createAlertRepository } from '../../db/alert.repository';
import { getPolicy, toSnapshot } from '../../db/escalation-policy.repository';
import { createNotificationAttemptRepository } from '../../db/notification-attempt.repository';
import { getService } from '../../db/service.repository';
import type { AlertEngine } from '../../temporal/alert-engine';
import { AlertNotFoundError, TemporalUnavailableError } from '../../temporal/engine-errors';
import { listAlerts, toAlertDto, toAttemptDto, toTimeline } from './alerts-query';

const fieldError = (field: string, message: string) =>
  new AppError('validation_failed', `${field}: ${message}`, 400, [{ field, message }]);

/** Runs an engine call, turning its errors into the API's: Temporal down → 503, unknown alert → 404. */
async function viaEngine<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof TemporalUnavailableError) throw unavailable('the workflow engine (Temporal) is unavailable; nothing was changed, retry later');
    if (err instanceof AlertNotFoundError) throw notFound('alert', err.alertId);
    throw err;
  }
}

/** /api/v1/alerts: trigger (202 once written; the start outbox starts its workflow), read the projection, and act on an alert. */
export function alertsRoutes({ conn, alertEngine }: Pick<AppDeps, 'conn' | 'alertEngine'>): Router {
  const r = Router();
  const alerts = createAlertRepository(conn);
  const attempts = createNotificationAttemptRepository(conn);
  const engine = (): AlertEngine => {
    if (!alertEngine) throw unavailable('no alert engine is configured on this server');
    return alertEngine;
  };

  r.post('/', async (req, res) => {
    const body = parseInput(createAlertBody, req.body);
    const policy = await getPolicy(conn, body.escalationPolicyId);
    if (!policy) throw fieldError('escalationPolicyId', `unknown escalation policy ${body.escalationPolicyId}`);
    if (body.serviceId && !(await getService(conn, body.serviceId))) throw fieldError('serviceId', `unknown service ${body.serviceId}`);
    // The policy is frozen into the workflow input: later edits never reach this alert.
    const result = await viaEngine(() => engine().trigger({ ...body, policy: toSnapshot(policy) }));
    // A new alert is 'triggered' by definition; only a folded one needs its current status read.
    const status = result.deduplicated ? ((await alerts.findById(result.alertId))?.status ?? 'triggered') : 'triggered';
    res.status(202).json({ id: result.alertId, status, deduplicated: result.deduplicated, count: result.count });
  });

  r.get('/', async (req, res) => {
    res.json(await listAlerts(conn, parseInput(listAlertsQuery, req.query, 'query')));
  });

  r.get('/:id', async (req, res) => {
    const doc = await alerts.findById(req.params.id);
    if (!doc) throw notFound('alert', req.params.id);
    const tried = await attempts.listForAlert(String(doc._id));
    res.json({ ...toAlertDto(doc), timeline: toTimeline(doc), notificationAttempts: tried.map(toAttemptDto) });
  });

  const known = async (id: string) => {
    if (!(await alerts.findById(id))) throw notFound('alert', id);
  };

  r.post('/:id/acknowledge', async (req, res) => {
    const { by } = parseInput(alertActionBody, req.body);
    await known(req.params.id);
    res.json({ id: req.params.id, ...(await viaEngine(() => engine().acknowledge(req.params.id, by ?? 'api', 'api'))) });
  });

  r.post('/:id/resolve', async (req, res) => {
    const { by, note } = parseInput(alertActionBody, req.body);
    await known(req.params.id);
    res.json({ id: req.params.id, ...(await viaEngine(() => engine().resolve(req.params.id, by ?? 'api', 'api', note))) });
  });

  // Escalate "as of" a level: two people pressing at once move the alert up one level, not two.
  r.post('/:id/escalate', async (req, res) => {
    const { by, asOfLevel } = parseInput(alertActionBody, req.body);
    await known(req.params.id);
    const result = await viaEngine(async () => {
      const level = asOfLevel ?? (await engine().state(req.params.id)).currentLevel;
      return engine().escalate(req.params.id, by ?? 'api', level, 'api');
    });
    res.json({ id: req.params.id, ...result });
  });

  return r;
}

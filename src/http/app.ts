import express, { Router, type Express } from 'express';
import helmet from 'helmet';
import type { Connection } from 'mongoose';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { httpMetrics, type Metrics } from '../metrics';
import { auditChannelActions } from './identity/channel-actions-audit';
import type { AlertEngine } from '../temporal/alert-engine';
import type { NoticePlanner } from '../temporal/notice-planner';
import { replanNoticesAfterWrites } from './routes/schedule-notices.hook';
import { requireAdminToken } from './auth';
import { requestLogging } from './request-logging';
import { errorHandler, notFoundRoute } from './errors';
import { healthRoutes, type Check } from './health.routes';
import { docsRoutes } from './openapi/docs.routes';
import { createRateLimits } from './rate-limits';
import { ingestRoutes } from './ingest';
import { alertsRoutes } from './routes/alerts.routes';
import { escalationPoliciesRoutes } from './routes/escalation-policies.routes';
import { servicesRoutes } from './routes/services.routes';
import { phoneLinesRoutes } from './routes/phone-lines.routes';
import { twilioRoutes } from './twilio/twilio.routes';
import { reportsRoutes } from './routes/reports.routes';
import { debriefRoutes } from './routes/debrief.routes';
import { startDebriefOfNewTeams, teamDebriefRoutes } from './routes/team-debrief.routes';
import { usersRoutes } from './routes/users.routes';
import { schedulesRoutes } from './routes/schedules.routes';
import { schedulesCalendarRoutes } from './routes/schedules-calendar.routes';
import { onCallNowRoutes } from './routes/on-call-now.routes';
import { runbooksRoutes } from './routes/runbooks.routes';
import { channelsRoutes } from './channels';
import { serviceChannelsRoutes } from './channels/service-channels.routes';
import { webConsoleRoutes } from './web-console';
import { devPhoneRoutes } from './routes/dev-phone.routes';
import { contactTestRoutes } from './routes/contact-test.routes';
import { escalationDryRunRoutes } from './routes/escalation-dry-run.routes';
import { identityGuard, identityRoutes, isAuthenticated } from './identity';
import type { RunbookPager } from '../temporal/runbook-pager';

export interface AppDeps {
  config: Config;
  log: Logger;
  conn: Connection;
  /** Readiness checks by name, e.g. { mongo, temporal }. */
  checks: Record<string, Check>;
  /** Drives alerts through Temporal; absent in tests that only exercise schedules. */
  alertEngine?: AlertEngine;
  /** Prometheus metrics, served at /metrics behind the admin token. */
  metrics?: Metrics;
  /** Re-plans a schedule's handoff notices after edits; absent in tests without Temporal. */
  noticePlanner?: NoticePlanner;
  /** Pages NightDesk runbook rules for phone lines and services; absent, they use their policy only. */
  runbookPager?: RunbookPager;
}

const BODY_LIMIT = '512kb';

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // Only the configured number of proxy hops may name the client address (login limits, rate limits, audit).
  app.set('trust proxy', deps.config.TRUST_PROXY_HOPS);
  app.use(requestLogging(deps.log));
  app.use(helmet());
  const { metrics } = deps;
  if (metrics) {
    app.use(httpMetrics(metrics));
    app.get('/metrics', requireAdminToken(deps.config.ADMIN_API_TOKEN, deps.log), async (_req, res) => {
      res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
    });
  }
  app.use(healthRoutes(deps.checks, isAuthenticated(deps), deps.log));
  app.use(docsRoutes());
  const limits = createRateLimits(deps.config);
  // Alert actions from phones, texts, Slack, email links and monitors are audited here (API writes by their rules).
  const channelEngine = deps.alertEngine && auditChannelActions(deps.alertEngine, deps);
  app.use(ingestRoutes({ ...deps, alertEngine: channelEngine, rateLimit: limits.events }));
  if (channelEngine) app.use('/twilio', twilioRoutes({ ...deps, engine: channelEngine, rateLimit: limits.webhooks }));
  if (channelEngine) {
    // Slack's callbacks and the one-click email links are public too: the same per-address limit as Twilio's.
    app.use(['/slack', '/channels'], limits.webhooks);
    app.use(channelsRoutes({ ...deps, engine: channelEngine }));
  }

  // Calendar feeds authenticate with their own ?token= (calendar apps cannot send a bearer header).
  app.use('/api/v1', schedulesCalendarRoutes(deps));
  const api = Router();
  api.use(express.json({ limit: BODY_LIMIT }));
  // Who may call what: src/http/identity/route-rules.ts (ADMIN_API_TOKEN stays a logged break-glass admin).
  api.use(identityGuard(deps));
  if (deps.noticePlanner) api.use('/teams', startDebriefOfNewTeams(deps.noticePlanner, deps.log));
  api.use(identityRoutes(deps));
  api.use(teamDebriefRoutes(deps));
  api.use('/escalation-policies', escalationDryRunRoutes(deps));
  api.use('/escalation-policies', escalationPoliciesRoutes(deps));
  api.use('/services', servicesRoutes(deps));
  api.use('/services', serviceChannelsRoutes(deps));
  api.use('/phone-lines', phoneLinesRoutes(deps));
  api.use('/alerts', alertsRoutes(deps));
  api.use(reportsRoutes(deps));
  api.use(debriefRoutes(deps));
  api.use('/users', usersRoutes(deps));
  api.use('/users', contactTestRoutes(deps));
  if (deps.noticePlanner) api.use('/schedules', replanNoticesAfterWrites(deps.noticePlanner, deps.log));
  api.use('/schedules', schedulesRoutes(deps));
  api.use('/on-call', onCallNowRoutes(deps));
  api.use('/runbooks', runbooksRoutes(deps));
  api.use('/dev-phone', devPhoneRoutes(deps));
  app.use('/api/v1', api);
  app.use(webConsoleRoutes());

  app.use(notFoundRoute);
  app.use(errorHandler(deps.log));
  return app;
}

import { ApplicationFailure } from '@temporalio/common';
import type { ActivityInterceptorsFactory, InjectedSinks } from '@temporalio/worker';
import type { Connection } from 'mongoose';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { AlertRepository } from '../db/alert.repository';
import { alertModel } from '../db/alert.model';
import type { Logger } from '../logger';
import type { TelephonyProvider } from '../telephony/telephony';
import type { MetricsSinks } from '../../workflows/metrics.interceptors';

/** The worker's own registry, served on its health port's /metrics. */
export function createWorkerMetrics(conn?: Connection) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'nightline_worker_' });
  const registers = [registry];
  return {
    registry,
    notifications: new Counter({
      name: 'nightline_notifications_total',
      help: 'Notification attempts by channel and outcome (sent, failed for good, retrying)',
      labelNames: ['channel', 'outcome'],
      registers,
    }),
    providerErrors: new Counter({
      name: 'nightline_provider_errors_total',
      help: "Errors the telephony provider returned, by operation and the provider's error code",
      labelNames: ['operation', 'code'],
      registers,
    }),
    timeToAcknowledge: new Histogram({
      name: 'nightline_time_to_acknowledge_seconds',
      help: 'From an alert opening to its acknowledgement',
      buckets: [15, 30, 60, 120, 300, 600, 900, 1800, 3600],
      registers,
    }),
    timerLateness: new Histogram({
      name: 'nightline_escalation_timer_lateness_seconds',
      help: 'How long after its due time an escalation timer was handled by a workflow task',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60],
      registers,
    }),
    pacerQueueDepth: new Gauge({
      name: 'nightline_pacer_queue_depth',
      help: 'Provider requests waiting for the calls/SMS-per-second pacer',
      labelNames: ['kind'],
      registers,
    }),
    openAlerts: new Gauge({
      name: 'nightline_open_alerts',
      help: 'Alerts not yet resolved, by escalation level (0 = first) and status; read from MongoDB at scrape time',
      labelNames: ['level', 'status'],
      registers,
      async collect() {
        if (!conn) return;
        const rows = await alertModel(conn).aggregate<{ _id: { level: number; status: string }; n: number }>([
          { $match: { status: { $ne: 'resolved' } } },
          { $group: { _id: { level: '$currentLevel', status: '$status' }, n: { $sum: 1 } } },
        ]);
        this.reset();
        for (const r of rows) this.set({ level: String(r._id.level), status: r._id.status }, r.n);
      },
    }),
  };
}

export type WorkerMetrics = ReturnType<typeof createWorkerMetrics>;

const CHANNELS: Record<string, string> = { placeCall: 'phone_call', sendSms: 'sms' };

/** Notify activities by name: the two phone channels, and any `send<Channel>`/`notify<Channel>` added later. */
export function channelOf(activityType: string): string | null {
  if (CHANNELS[activityType]) return CHANNELS[activityType];
  const m = /^(?:send|notify|post)([A-Z]\w*)$/.exec(activityType);
  return m?.[1] ? m[1].replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase() : null;
}

interface NotifyArgs {
  alertId?: unknown;
  channel?: unknown;
  level?: unknown;
  attempt?: unknown;
  key?: unknown;
}

/**
 * Counts every notify activity's outcome and writes one log line per page carrying its alert and workflow
 * ids, without touching the activities themselves.
 */
export function notificationInterceptor(m: WorkerMetrics, log?: Logger): ActivityInterceptorsFactory {
  return (ctx) => ({
    inbound: {
      async execute(input, next) {
        const args = (input.args[0] ?? {}) as NotifyArgs;
        const channel = typeof args.channel === 'string' ? args.channel : channelOf(ctx.info.activityType);
        if (!channel) return next(input);
        const line = {
          alertId: typeof args.alertId === 'string' ? args.alertId : undefined,
          workflowId: ctx.info.workflowExecution?.workflowId,
          runId: ctx.info.workflowExecution?.runId,
          activityType: ctx.info.activityType,
          taskAttempt: ctx.info.attempt,
          channel,
          level: args.level,
          attempt: args.attempt,
          key: args.key,
        };
        try {
          const r = await next(input);
          if ((r as { status?: unknown } | undefined)?.status === 'waiting') {
            // Nothing went out yet: the page's bundle is held, and its workflow asks again when it is due.
            log?.info({ ...line, outcome: 'held' }, `page by ${channel} held for its bundle`);
            return r;
          }
          m.notifications.inc({ channel, outcome: 'sent' });
          log?.info({ ...line, outcome: 'sent' }, `page sent by ${channel}`);
          return r;
        } catch (err) {
          const outcome = err instanceof ApplicationFailure && err.nonRetryable ? 'failed' : 'retrying';
          m.notifications.inc({ channel, outcome });
          log?.warn(
            { ...line, outcome, err },
            `page by ${channel} ${outcome === 'failed' ? 'failed' : 'failed, will retry'}`,
          );
          throw err;
        }
      },
    },
  });
}

type Op = 'placeCall' | 'sendSms' | 'hangUp';
const KIND: Record<Op, string> = { placeCall: 'calls', sendSms: 'sms', hangUp: 'calls' };

/**
 * Wraps the provider on both sides of the pacer: `outer` counts a request in when it asks for a slot,
 * `inner` counts it out when the pacer lets it through (and records the provider's error codes).
 */
export function meterTelephony(m: WorkerMetrics) {
  const wrap = (
    p: TelephonyProvider,
    around: <T>(op: Op, run: () => Promise<T>) => Promise<T>,
  ): TelephonyProvider => ({
    ...p,
    placeCall: (req) => around('placeCall', () => p.placeCall(req)),
    sendSms: (req) => around('sendSms', () => p.sendSms(req)),
    hangUp: (sid) => around('hangUp', () => p.hangUp(sid)),
  });
  return {
    outer: (p: TelephonyProvider) =>
      wrap(p, async (op, run) => {
        m.pacerQueueDepth.inc({ kind: KIND[op] });
        return run();
      }),
    inner: (p: TelephonyProvider) =>
      wrap(p, async (op, run) => {
        m.pacerQueueDepth.dec({ kind: KIND[op] });
        try {
          return await run();
        } catch (err) {
          const code = (err as { code?: unknown }).code;
          m.providerErrors.inc({
            operation: op,
            code: code === undefined || code === null ? 'none' : String(code),
          });
          throw err;
        }
      }),
  };
}

/**
 * Observes time-to-acknowledge where the workflow projects the acknowledgement onto the alert. The same write
 * returns the alert as it was, so a retried projection (its entries already there) is not counted twice.
 */
export function meterAcknowledgements(alerts: AlertRepository, m: WorkerMetrics): AlertRepository {
  return {
    ...alerts,
    async project(alertId, patch, entries) {
      if (patch.status !== 'acknowledged' || !patch.acknowledgedAt) return alerts.project(alertId, patch, entries);
      const { found, prior } = await alerts.projectReturningPrior(alertId, patch, entries);
      if (prior && prior.status === 'triggered' && prior.createdAt) {
        m.timeToAcknowledge.observe(Math.max(0, (Date.parse(patch.acknowledgedAt) - prior.createdAt.getTime()) / 1000));
      }
      return found;
    },
  };
}

export function metricsSinks(m: WorkerMetrics): InjectedSinks<MetricsSinks> {
  return {
    metrics: {
      timerFired: { fn: (_info, lateMs) => m.timerLateness.observe(lateMs / 1000), callDuringReplay: false },
    },
  };
}

import type { Connection, QueryFilter } from 'mongoose';
import { alertModel, type AlertDoc } from '../../db/alert.model';
import type { NotificationAttemptDoc } from '../../db/notification-attempt.model';
import type { Page } from '../../db/pagination';
import type { ListAlertsQuery } from '../validation/alert.schemas';

/** REST views of the alert projection (Mongo); Temporal stays the source of truth for what happens next. */

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

function integrationDetails(d: AlertDoc): unknown {
  const raw = d.ingestDetails;
  if (typeof raw !== 'string') return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

export function toAlertDto(d: AlertDoc) {
  return {
    id: String(d._id),
    title: d.title,
    description: d.description,
    severity: d.severity,
    source: d.source,
    escalationPolicyId: d.escalationPolicyId,
    serviceId: d.serviceId ?? null,
    dedupKey: d.dedupKey ?? null,
    status: d.status,
    currentLevel: d.currentLevel,
    round: d.round,
    count: d.count,
    exhausted: d.exhausted,
    acknowledgedBy: d.acknowledgedBy ?? null,
    acknowledgedAt: iso(d.acknowledgedAt),
    resolvedBy: d.resolvedBy ?? null,
    resolvedAt: iso(d.resolvedAt),
    resolutionNote: d.resolutionNote ?? null,
    integration: integrationDetails(d),
    createdAt: iso(d.createdAt),
    updatedAt: iso(d.updatedAt ?? d.createdAt),
  };
}

export function toTimeline(d: AlertDoc) {
  return [...(d.timeline ?? [])]
    .sort((a, b) => new Date(a.timestamp).getTime() - new Date(b.timestamp).getTime())
    .map((e) => ({ action: e.action, actor: e.actor, timestamp: iso(e.timestamp), details: e.details ?? null }));
}

export function toAttemptDto(a: NotificationAttemptDoc) {
  return {
    key: a.key,
    round: a.round,
    level: a.level === 'owner' ? 'owner' : Number(a.level),
    attempt: a.attempt,
    userId: a.userId,
    channel: a.channel,
    recipient: a.recipient,
    providerId: a.providerId,
    status: a.status,
    error: a.error,
    createdAt: iso(a.createdAt),
    updatedAt: iso(a.updatedAt),
  };
}

/** Newest first; filters are already parsed, so only plain values reach the query. */
export async function listAlerts(conn: Connection, q: ListAlertsQuery): Promise<Page<ReturnType<typeof toAlertDto>>> {
  const filter: QueryFilter<AlertDoc> = {};
  if (q.status) filter.status = { $in: q.status };
  if (q.severity) filter.severity = { $in: q.severity };
  if (q.serviceId) filter.serviceId = q.serviceId;
  if (q.escalationPolicyId) filter.escalationPolicyId = q.escalationPolicyId;
  if (q.since || q.until) filter.createdAt = { ...(q.since ? { $gte: q.since } : {}), ...(q.until ? { $lt: q.until } : {}) };
  const Alerts = alertModel(conn);
  const [docs, total] = await Promise.all([
    Alerts.find(filter).sort({ createdAt: -1, _id: -1 }).skip(q.offset).limit(q.limit).select({ timeline: 0 }).lean<AlertDoc[]>(),
    Alerts.countDocuments(filter),
  ]);
  return { data: docs.map(toAlertDto), total, limit: q.limit, offset: q.offset };
}

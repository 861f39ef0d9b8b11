import type { Connection } from 'mongoose';
import { buildDebrief, nightWindow, type Debrief, type DebriefCallRecord } from '../domain/debrief';
import { alertModel, type AlertDoc } from './alert.model';
import { teamDebriefScope } from './debrief-scope';
import { notificationAttemptModel, type NotificationAttemptDoc } from './notification-attempt.model';
import { phoneLineCallModel, type PhoneLineCallDoc } from './phone-line-call.model';
import { phoneLineModel } from './phone-line.model';
import { findUsersByIds } from './user.repository';

export interface DebriefQuery {
  /** The morning's local date, YYYY-MM-DD. */
  date: string;
  timezone: string;
  debriefTime?: string;
  /** Only this team's alerts and calls (its services, policies and phone lines); absent: everything. */
  teamId?: string;
}

/** "ringing Alice (+1555…)" → "Alice". */
const rungName = (details: string) => /^ringing (.*) \([^)]*\)$/.exec(details)?.[1] ?? details.replace(/^ringing /, '');

function toCall(c: PhoneLineCallDoc, lineNames: Map<string, string>): DebriefCallRecord {
  const transcribed = c.hops.find((h) => h.action === 'voicemail_transcribed')?.details.replace(/^"|"$/g, '') ?? null;
  return {
    at: c.createdAt,
    caller: c.from || 'unknown',
    line: lineNames.get(c.lineId) ?? null,
    said: c.transcription ?? transcribed,
    rung: [...new Set(c.hops.filter((h) => h.action === 'call_ringing').map((h) => rungName(h.details)))],
    answeredBy: c.reachedName,
  };
}

/** Loads the night before `date` (18:00 to the debrief time, local) and builds its debrief. */
export async function loadDebrief(conn: Connection, q: DebriefQuery): Promise<Debrief> {
  const { from, to } = nightWindow(q.date, q.timezone, q.debriefTime);
  const inWindow = { $gte: from, $lt: to };
  const [allCalls, allAlerts, allAttempts] = await Promise.all([
    phoneLineCallModel(conn).find({ createdAt: inWindow }).lean<PhoneLineCallDoc[]>(),
    alertModel(conn)
      .find({ $or: [{ createdAt: inWindow }, { acknowledgedAt: inWindow }, { resolvedAt: inWindow }] })
      .lean<AlertDoc[]>(),
    notificationAttemptModel(conn).find({ createdAt: inWindow }).lean<NotificationAttemptDoc[]>(),
  ]);
  // A night's records are few: the team's share is picked here rather than by a join Mongo-wire lacks.
  const scope = q.teamId ? await teamDebriefScope(conn, q.teamId) : null;
  const calls = scope ? allCalls.filter((c) => scope.line(c.lineId)) : allCalls;
  const alerts = scope ? allAlerts.filter((a) => scope.alert(a)) : allAlerts;
  const alertIds = new Set(alerts.map((a) => String(a._id)));
  const attempts = scope ? allAttempts.filter((a) => alertIds.has(a.alertId)) : allAttempts;
  const lines = await phoneLineModel(conn)
    .find({ _id: { $in: [...new Set(calls.map((c) => c.lineId))].filter((id) => /^[0-9a-f]{24}$/i.test(id)) } })
    .lean<Array<{ _id: unknown; name: string }>>();
  const lineNames = new Map(lines.map((l) => [String(l._id), l.name]));
  const users = await findUsersByIds(conn, [...attempts.map((a) => a.userId), ...alerts.map((a) => a.acknowledgedBy ?? '')]);
  const nameOf = (id: string | null) => (id ? (users.get(id)?.name ?? id) : null);
  return buildDebrief({
    date: q.date,
    timezone: q.timezone,
    from,
    to,
    calls: calls.map((c) => toCall(c, lineNames)),
    alerts: alerts.map((a) => ({
      id: String(a._id),
      title: a.title,
      severity: a.severity,
      triggeredAt: a.createdAt,
      acknowledgedAt: a.acknowledgedAt,
      acknowledgedBy: nameOf(a.acknowledgedBy),
      resolvedAt: a.resolvedAt,
    })),
    pages: attempts.map((a) => ({ userId: a.userId, name: nameOf(a.userId) ?? a.userId, channel: a.channel, alertId: a.alertId, at: a.createdAt })),
  });
}

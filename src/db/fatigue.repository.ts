import { DateTime } from 'luxon';
import { Types, type Connection } from 'mongoose';
import { fatigueReport, monthBounds, type AckEvent, type FatiguePerson, type PageEvent, type TeamMean } from '../domain/fatigue';
import type { Shift } from '../domain/schedule.types';
import { alertModel } from './alert.model';
import { notificationAttemptModel } from './notification-attempt.model';
import { holidaysBetween } from './schedule-holiday.repository';
import { scheduleModel, type ScheduleDoc } from './schedule.model';
import { shiftsFor, usersOf } from './schedule-views';

export interface FatigueQuery {
  month: string;
  scheduleId?: string;
  /** The zone the month is read in; defaults to the schedule's, or UTC across all schedules. */
  timezone?: string;
}

export interface FatigueReportView {
  month: string;
  timezone: string;
  from: Date;
  to: Date;
  scheduleIds: string[];
  people: Array<FatiguePerson & { name: string | null; timezone: string }>;
  team: TeamMean;
}

/** Everyone a schedule names: its layers' members and its holiday rotation. */
const membersOf = (doc: ScheduleDoc) => [...doc.layers.flatMap((l) => l.members), ...(doc.holidayRotation?.members ?? [])].map((m) => m.userId);

/** True when the page reached its person while they were on call in one of these shifts. */
const whileOnCall = (shifts: Shift[]) => (p: PageEvent) =>
  shifts.some((s) => s.userId === p.userId && s.start.getTime() <= p.at.getTime() && p.at.getTime() < s.end.getTime());

/**
 * Gathers one month of shifts, pages and acknowledgements and runs the pure report over them. With a
 * schedule: only its members, and only the pages that reached them while on call for it.
 */
export async function buildFatigueReport(conn: Connection, q: FatigueQuery): Promise<FatigueReportView | null> {
  const schedules = scheduleModel(conn);
  const docs = q.scheduleId ? await schedules.find({ _id: { $eq: q.scheduleId } }).lean<ScheduleDoc[]>() : await schedules.find({}).lean<ScheduleDoc[]>();
  if (q.scheduleId && docs.length === 0) return null;
  const zone = q.timezone ?? (docs.length === 1 ? docs[0]!.timezone : 'UTC');
  const { from, to } = monthBounds(q.month, zone);

  const shifts: Shift[] = [];
  const holidays = new Set<string>();
  const day = (d: Date, shift: number) => DateTime.fromJSDate(d, { zone }).plus({ days: shift }).toISODate() ?? '';
  for (const doc of docs) {
    shifts.push(...(await shiftsFor(conn, doc, from, to)));
    for (const h of await holidaysBetween(conn, String(doc._id), day(from, -1), day(to, 1))) holidays.add(h.date);
  }
  const members = q.scheduleId ? [...new Set([...docs.flatMap(membersOf), ...shifts.flatMap((s) => (s.userId ? [s.userId] : []))])] : undefined;
  const attempts = await notificationAttemptModel(conn)
    .find({ createdAt: { $gte: from, $lt: to }, ...(members ? { userId: { $in: members } } : {}) }, { userId: 1, alertId: 1, createdAt: 1 })
    .lean();
  const allPages = attempts.map((a) => ({ userId: a.userId, alertId: a.alertId, at: a.createdAt }));
  const pages = q.scheduleId ? allPages.filter(whileOnCall(shifts)) : allPages;

  const ids = [...new Set([...(members ?? []), ...shifts.map((s) => s.userId), ...pages.map((p) => p.userId)].filter((i): i is string => !!i))];
  const users = await usersOf(conn, ids);
  const userZones = new Map([...users].map(([id, u]) => [id, u.timezone]));
  const acks = await acknowledgements(conn, pages, new Map([...users].flatMap(([id, u]) => [[u.name, id], [id, id]] as [string, string][])));
  const report = fatigueReport({ month: q.month, zone, shifts, pages, acks, userZones, holidays, ...(members ? { people: members } : {}) });
  const people = report.people.map((p) => ({ ...p, name: users.get(p.userId)?.name ?? null, timezone: userZones.get(p.userId) ?? 'UTC' }));
  return { month: q.month, timezone: zone, from, to, scheduleIds: docs.map((d) => String(d._id)), people, team: report.team };
}

/** Who acknowledged the paged alerts, and when (alerts record the acknowledging person's name, or an id). */
async function acknowledgements(conn: Connection, pages: PageEvent[], idByName: Map<string, string>): Promise<AckEvent[]> {
  const alertIds = [...new Set(pages.map((p) => p.alertId))].filter((id) => Types.ObjectId.isValid(id));
  if (alertIds.length === 0) return [];
  const alerts = await alertModel(conn)
    .find({ _id: { $in: alertIds.map((id) => new Types.ObjectId(id)) }, acknowledgedAt: { $ne: null } }, { acknowledgedAt: 1, acknowledgedBy: 1 })
    .lean();
  return alerts.flatMap((a) => {
    const userId = a.acknowledgedBy ? idByName.get(a.acknowledgedBy) : undefined;
    return userId && a.acknowledgedAt ? [{ userId, alertId: String(a._id), at: a.acknowledgedAt }] : [];
  });
}

import type { Connection } from 'mongoose';
import { fatigueReport, monthBounds, type FatiguePerson } from '../domain/fatigue';
import type { Shift } from '../domain/schedule.types';
import { notificationAttemptModel } from './notification-attempt.model';
import { scheduleModel } from './schedule.model';
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
  people: Array<FatiguePerson & { name: string | null }>;
}

/** Gathers one month of shifts and notification attempts and runs the pure report over them. */
export async function buildFatigueReport(conn: Connection, q: FatigueQuery): Promise<FatigueReportView | null> {
  const schedules = scheduleModel(conn);
  const docs = q.scheduleId ? await schedules.find({ _id: q.scheduleId }) : await schedules.find({});
  if (q.scheduleId && docs.length === 0) return null;
  const zone = q.timezone ?? (docs.length === 1 ? docs[0]!.timezone : 'UTC');
  const { from, to } = monthBounds(q.month, zone);

  const shifts: Shift[] = [];
  for (const doc of docs) shifts.push(...(await shiftsFor(conn, doc, from, to)));
  const attempts = await notificationAttemptModel(conn)
    .find({ createdAt: { $gte: from, $lt: to } }, { userId: 1, alertId: 1, createdAt: 1 })
    .lean();
  const pages = attempts.map((a) => ({ userId: a.userId, alertId: a.alertId, at: a.createdAt }));

  const ids = [...new Set([...shifts.map((s) => s.userId), ...pages.map((p) => p.userId)])];
  const users = await usersOf(conn, ids);
  const userZones = new Map([...users].map(([id, u]) => [id, u.timezone]));
  const people = fatigueReport({ month: q.month, zone, shifts, pages, userZones }).map((p) => ({
    ...p,
    name: users.get(p.userId)?.name ?? null,
  }));
  return { month: q.month, timezone: zone, from, to, scheduleIds: docs.map((d) => String(d._id)), people };
}

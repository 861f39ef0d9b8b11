import { DateTime } from 'luxon';
import type { Connection } from 'mongoose';
import { fatigueReport, monthBounds, type AckEvent, type FatiguePerson, type PageEvent, type TeamMean } from '../../domain/fatigue';
import type { Shift } from '../../domain/schedule.types';
import { holidaysBetween } from '../schedule-holiday.repository';
import { scheduleModel, type ScheduleDoc } from '../schedule.model';
import { shiftsFor, usersOf } from '../schedule-views';
import { alertAcks } from './alert-acks';
import { pagesBetween } from './fatigue-ledger.repository';
import { ledgerCacheOf } from './ledger-cache';
import type { LedgerAck } from '../../domain/fatigue-ledger';

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
export async function buildFatigueReport(conn: Connection, q: FatigueQuery, now = new Date()): Promise<FatigueReportView | null> {
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
  const { pages: allPages, settled } = await pagesBetween(conn, from, to, now, { cache: ledgerCacheOf(conn), ...(members ? { members } : {}) });
  const pages = q.scheduleId ? allPages.filter(whileOnCall(shifts)) : allPages;

  const ids = [...new Set([...(members ?? []), ...shifts.map((s) => s.userId), ...pages.map((p) => p.userId)].filter((i): i is string => !!i))];
  const users = await usersOf(conn, ids);
  const userZones = new Map([...users].map(([id, u]) => [id, u.timezone]));
  const acks = await acknowledgements(conn, pages, settled, new Map([...users].flatMap(([id, u]) => [[u.name, id], [id, id]] as [string, string][])));
  const report = fatigueReport({ month: q.month, zone, shifts, pages, acks, userZones, holidays, ...(members ? { people: members } : {}) });
  const people = report.people.map((p) => ({ ...p, name: users.get(p.userId)?.name ?? null, timezone: userZones.get(p.userId) ?? 'UTC' }));
  return { month: q.month, timezone: zone, from, to, scheduleIds: docs.map((d) => String(d._id)), people, team: report.team };
}

/**
 * Who acknowledged the paged alerts, and when (alerts record the acknowledging person's name, or an id).
 * Resolved alerts' acknowledgements come from the ledger; the others are read from the alerts.
 */
async function acknowledgements(conn: Connection, pages: PageEvent[], settled: Map<string, LedgerAck>, idByName: Map<string, string>): Promise<AckEvent[]> {
  const paged = [...new Set(pages.map((p) => p.alertId))];
  const known = paged.flatMap((id) => settled.get(id) ?? []);
  const live = await alertAcks(conn, paged.filter((id) => !settled.has(id)));
  const all: LedgerAck[] = [...known, ...live];
  return all.flatMap((k) => {
    const userId = k.by ? idByName.get(k.by) : undefined;
    return userId && k.at ? [{ userId, alertId: k.a, at: k.at }] : [];
  });
}

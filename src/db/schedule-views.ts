import type { Connection } from 'mongoose';
import { resolveOnCall, shiftsBetween } from '../domain/schedule-resolve';
import type { OnCall, Shift } from '../domain/schedule.types';
import { assembleSchedule, longestShiftMs, windowAround } from './schedule-assembly';
import type { ScheduleDoc } from './schedule.model';
import { findUsersByIds, type User } from './user.repository';

/**
 * Who is on call at `at`. Loads only entries near `at`; if the answer's bounds reach past that
 * window (e.g. a long override), it reloads once over the wider span so the bounds are exact.
 */
export async function onCallAt(conn: Connection, doc: ScheduleDoc, at: Date): Promise<OnCall> {
  let { from, to } = windowAround(doc, at);
  let answer = resolveOnCall(await assembleSchedule(conn, doc, from, to), at);
  const start = answer.shiftStart ?? new Date(0);
  const end = answer.shiftEnd ?? new Date(8.64e15);
  if (start < from || end > to) {
    const span = longestShiftMs(doc);
    from = new Date(Math.max(start.getTime() - span, at.getTime() - 366 * 86_400_000));
    to = new Date(Math.min(end.getTime() + span, at.getTime() + 366 * 86_400_000));
    answer = resolveOnCall(await assembleSchedule(conn, doc, from, to), at);
  }
  return answer;
}

/**
 * Who is on call at `at` and who takes over at the end of that shift, from ONE load of the schedule's entries
 * (the home page asks this of every schedule at once). Falls back to onCallAt when a bound reaches past the window.
 */
export async function onCallNowAndNext(conn: Connection, doc: ScheduleDoc, at: Date): Promise<{ now: OnCall; next: OnCall | null }> {
  const pad = longestShiftMs(doc) + 86_400_000;
  const from = new Date(at.getTime() - pad);
  const to = new Date(at.getTime() + 2 * pad);
  const schedule = await assembleSchedule(conn, doc, from, to);
  const inside = (a: OnCall) => !!a.shiftStart && !!a.shiftEnd && a.shiftStart >= from && a.shiftEnd <= to;
  let now = resolveOnCall(schedule, at);
  if (!inside(now)) now = await onCallAt(conn, doc, at);
  if (!now.shiftEnd) return { now, next: null };
  let next = resolveOnCall(schedule, now.shiftEnd);
  if (!inside(next)) next = await onCallAt(conn, doc, now.shiftEnd);
  return { now, next };
}

export async function shiftsFor(conn: Connection, doc: ScheduleDoc, from: Date, to: Date): Promise<Shift[]> {
  return shiftsBetween(await assembleSchedule(conn, doc, from, to), from, to);
}

export interface OnCallView {
  userId: string | null;
  name: string | null;
  phone: string | null;
  source: OnCall['source'];
  shiftStart: string | null;
  shiftEnd: string | null;
  reason?: string;
  holiday?: string;
  coveringFor?: string;
  overrideId?: string;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The REST/CLI view of an answer: the person's name and phone joined in; gaps keep their reason. */
export function describeOnCall(a: OnCall, users: ReadonlyMap<string, Pick<User, 'name' | 'phone'>>): OnCallView {
  const u = a.userId ? users.get(a.userId) : undefined;
  const view: OnCallView = {
    userId: a.userId,
    name: u?.name ?? null,
    phone: u?.phone ?? null,
    source: a.source,
    shiftStart: iso(a.shiftStart),
    shiftEnd: iso(a.shiftEnd),
  };
  if (a.userId && !u) view.reason = `user ${a.userId} no longer exists`;
  else if (a.reason) view.reason = a.reason;
  if (a.holiday) view.holiday = a.holiday;
  if (a.coveringFor) view.coveringFor = a.coveringFor;
  if (a.overrideId) view.overrideId = a.overrideId;
  return view;
}

export interface ShiftView {
  userId: string | null;
  name: string | null;
  phone: string | null;
  start: string;
  end: string;
  source: Shift['source'];
  gap: boolean;
  reason?: string;
  holiday?: string;
  coveringFor?: string;
  overrideId?: string;
}

export function describeShift(s: Shift, users: ReadonlyMap<string, Pick<User, 'name' | 'phone'>>): ShiftView {
  const u = s.userId ? users.get(s.userId) : undefined;
  const v: ShiftView = {
    userId: s.userId,
    name: u?.name ?? null,
    phone: u?.phone ?? null,
    start: s.start.toISOString(),
    end: s.end.toISOString(),
    source: s.source,
    gap: s.userId === null,
  };
  for (const k of ['reason', 'holiday', 'coveringFor', 'overrideId'] as const) if (s[k]) v[k] = s[k];
  return v;
}

/** Loads the users named by answers, for describeOnCall/describeShift. */
export function usersOf(conn: Connection, ids: (string | null | undefined)[]): Promise<Map<string, User>> {
  return findUsersByIds(conn, ids.filter((i): i is string => !!i));
}

import { isValidObjectId, Types, type Connection } from 'mongoose';
import type { TimeOff } from '../domain/schedule.types';
import { paginate, type Page, type PageRequest } from './pagination';
import { timeOffModel, type TimeOffDoc } from './schedule-time-off.model';
import { editEntry, endEntryEarly, overlapping, type EndEarly } from './schedule-window';

export interface TimeOffInput {
  userId: string;
  startsAt: Date;
  endsAt: Date;
  reason?: string;
}

export interface TimeOffDto {
  id: string;
  scheduleId: string;
  userId: string;
  startsAt: string;
  endsAt: string;
  reason: string | null;
  createdAt: string;
}

export const toTimeOffDto = (d: TimeOffDoc): TimeOffDto => ({
  id: String(d._id),
  scheduleId: String(d.scheduleId),
  userId: d.userId,
  startsAt: d.startsAt.toISOString(),
  endsAt: d.endsAt.toISOString(),
  reason: d.reason ?? null,
  createdAt: d.createdAt.toISOString(),
});

function toDomainTimeOff(d: TimeOffDoc): TimeOff {
  const t: TimeOff = { id: String(d._id), userId: d.userId, startsAt: d.startsAt, endsAt: d.endsAt };
  if (d.reason) t.reason = d.reason;
  return t;
}

export async function createTimeOff(conn: Connection, scheduleId: string, input: TimeOffInput): Promise<TimeOffDto> {
  const doc = await timeOffModel(conn).create({
    scheduleId: new Types.ObjectId(scheduleId),
    ...input,
    reason: input.reason ?? null,
  });
  return toTimeOffDto(doc.toObject());
}

export function listTimeOff(
  conn: Connection,
  scheduleId: string,
  range: { from?: Date; to?: Date; userId?: string },
  page: PageRequest,
): Promise<Page<TimeOffDto>> {
  const filter = {
    ...overlapping(new Types.ObjectId(scheduleId), range.from, range.to),
    ...(range.userId ? { userId: range.userId } : {}),
  };
  return paginate(timeOffModel(conn), filter, page, toTimeOffDto);
}

export async function timeOffInWindow(conn: Connection, scheduleId: string, from: Date, to: Date): Promise<TimeOff[]> {
  const docs = await timeOffModel(conn).find(overlapping(new Types.ObjectId(scheduleId), from, to)).lean<TimeOffDoc[]>();
  return docs.map(toDomainTimeOff);
}

export async function getTimeOff(conn: Connection, scheduleId: string, id: string): Promise<TimeOffDto | null> {
  if (!isValidObjectId(id)) return null;
  const d = await timeOffModel(conn).findOne({ _id: id, scheduleId: new Types.ObjectId(scheduleId) }).lean<TimeOffDoc>();
  return d ? toTimeOffDto(d) : null;
}

/** Cancels time off: in progress → ends now; future → removed. Null when unknown. */
export function endTimeOff(conn: Connection, scheduleId: string, id: string, now: Date): Promise<EndEarly | null> {
  return endEntryEarly(timeOffModel(conn), scheduleId, id, now);
}

/** Edits time off (see editedWindow for what may change); null when unknown. */
export async function updateTimeOff(
  conn: Connection,
  scheduleId: string,
  id: string,
  edit: Partial<TimeOffInput>,
  now: Date,
): Promise<TimeOffDto | null> {
  const d = await editEntry(timeOffModel(conn), scheduleId, id, edit, now);
  return d ? toTimeOffDto(d) : null;
}

import { isValidObjectId, Types, type Connection } from 'mongoose';
import { AppError, notFound } from '../http/errors';
import { paginate, type Page, type PageRequest } from './pagination';
import { holidayModel } from './schedule-holiday.model';
import { overrideModel } from './schedule-override.model';
import { swapClaimModel } from './schedule-swap.model';
import { timeOffModel } from './schedule-time-off.model';
import { memberRefs, toDocFields, toScheduleDto, type ScheduleDto, type ScheduleInput } from './schedule.mapper';
import { scheduleModel, type ScheduleDoc } from './schedule.model';
import { feedPath, feedTokenHash, newFeedToken } from './identity/feed-token';
import { assertScheduleUnused } from './usage.repository';
import { findUsersByIds } from './user.repository';

export type { ScheduleDto, ScheduleInput } from './schedule.mapper';


/** 400 naming the first member field whose userId is not a known user. */
export async function assertMembersExist(conn: Connection, input: Partial<ScheduleInput>): Promise<void> {
  const refs = memberRefs(input);
  const known = await findUsersByIds(conn, refs.map((r) => r.userId));
  const unknown = refs.filter((r) => !known.has(r.userId));
  if (unknown.length) {
    const details = unknown.map((u) => ({ field: u.path, message: `unknown user ${u.userId}` }));
    throw new AppError('validation_failed', details.map((d) => `${d.field}: ${d.message}`).join('; '), 400, details);
  }
}

export async function createSchedule(conn: Connection, input: ScheduleInput): Promise<ScheduleDto> {
  await assertMembersExist(conn, input);
  const token = newFeedToken();
  const doc = await scheduleModel(conn).create({ ...toDocFields(input), feedTokenHash: feedTokenHash(token) });
  return { ...toScheduleDto(doc.toObject()), calendarFeed: feedPath(String(doc._id), token) };
}

export async function getScheduleDoc(conn: Connection, id: string): Promise<ScheduleDoc | null> {
  if (!isValidObjectId(id)) return null;
  return scheduleModel(conn).findById(id).lean<ScheduleDoc>();
}

/** The schedule named by a path parameter, or a 404 (malformed ids are unknown ids). */
export async function requireScheduleDoc(conn: Connection, id: string): Promise<ScheduleDoc> {
  const doc = await getScheduleDoc(conn, id);
  if (!doc) throw notFound('schedule', id);
  return doc;
}

export async function getSchedule(conn: Connection, id: string): Promise<ScheduleDto | null> {
  const d = await getScheduleDoc(conn, id);
  return d ? toScheduleDto(d) : null;
}

export function listSchedules(conn: Connection, page: PageRequest): Promise<Page<ScheduleDto>> {
  return paginate(scheduleModel(conn), {}, page, toScheduleDto);
}

/** The first `limit` schedule documents, oldest first (the home page's on-call summary). */
export function listScheduleDocs(conn: Connection, limit: number): Promise<ScheduleDoc[]> {
  return scheduleModel(conn).find({}).sort({ _id: 1 }).limit(limit).lean<ScheduleDoc[]>().exec();
}

/** Replaces the schedule's definition with `input` (callers merge a PATCH and re-validate first). */
export async function replaceSchedule(conn: Connection, id: string, input: ScheduleInput): Promise<ScheduleDto | null> {
  if (!isValidObjectId(id)) return null;
  await assertMembersExist(conn, input);
  const d = await scheduleModel(conn)
    .findByIdAndUpdate(id, { $set: toDocFields(input) }, { returnDocument: 'after' })
    .lean<ScheduleDoc>();
  return d ? toScheduleDto(d) : null;
}

/** Deletes a schedule and its overrides, time off and holidays; 409 while a policy, phone line or open alert uses it. */
export async function deleteSchedule(conn: Connection, id: string): Promise<boolean> {
  if (!isValidObjectId(id)) return false;
  await assertScheduleUnused(conn, id);
  const r = await scheduleModel(conn).deleteOne({ _id: id });
  if (r.deletedCount !== 1) return false;
  const scheduleId = new Types.ObjectId(id);
  await Promise.all([
    overrideModel(conn).deleteMany({ scheduleId }),
    timeOffModel(conn).deleteMany({ scheduleId }),
    holidayModel(conn).deleteMany({ scheduleId }),
    swapClaimModel(conn).deleteMany({ scheduleId }),
  ]);
  return true;
}

/** Ids of schedules whose rotation (any layer or the holiday rotation) includes the user. */
export async function schedulesReferencingUser(conn: Connection, userId: string): Promise<string[]> {
  const docs = await scheduleModel(conn)
    .find({ $or: [{ 'layers.members.userId': userId }, { 'holidayRotation.members.userId': userId }] })
    .select({ _id: 1 })
    .lean<{ _id: Types.ObjectId }[]>();
  return docs.map((d) => String(d._id));
}

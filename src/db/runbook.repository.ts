import { isValidObjectId, type Connection } from 'mongoose';
import type { Runbook } from '../domain/nightdesk';
import { runbookToSchedule } from '../domain/nightdesk-convert';
import { rotationOrder } from '../domain/nightdesk-resolve';
import { paginate, type Page, type PageRequest } from './pagination';
import { runbookModel, type RunbookDoc } from './runbook.model';
import { createSchedule } from './schedule.repository';
import { createUser, findUserByPhone } from './user.repository';

export interface RunbookDto {
  id: string;
  name: string;
  scheduleId: string | null;
  members: { name: string; phone: string; userId: string }[];
  runbook: Runbook;
  createdAt: string;
}

export const toRunbookDto = (d: RunbookDoc): RunbookDto => ({
  id: String(d._id),
  name: d.name,
  scheduleId: d.scheduleId ? String(d.scheduleId) : null,
  members: d.members.map(({ name, phone, userId }) => ({ name, phone, userId })),
  runbook: d.runbook,
  createdAt: d.createdAt.toISOString(),
});

/** Runbook entries have no email; imported users get a reserved, never-deliverable one (RFC 2606 .invalid). */
const placeholderEmail = (phone: string) => `runbook-${phone.replace(/\D/g, '')}@nightline.invalid`;

/**
 * Imports a validated runbook: each entry becomes a user (an existing user with the same phone is reused),
 * the rotation becomes a schedule (the domain's conversion), and the runbook is kept for resolution.
 */
export async function importRunbook(
  conn: Connection,
  runbook: Runbook,
  name: string,
): Promise<RunbookDto & { createdUserIds: string[] }> {
  const members: RunbookDoc['members'] = [];
  const createdUserIds: string[] = [];
  const rot = runbook.on_call_rotation;
  for (const e of rot ? rotationOrder(rot) : []) {
    let user = await findUserByPhone(conn, e.phone);
    if (!user) {
      user = await createUser(conn, { name: e.name, phone: e.phone, email: placeholderEmail(e.phone), timezone: rot!.timezone });
      createdUserIds.push(user.id);
    }
    members.push({ name: e.name, phone: e.phone, userId: user.id });
  }
  let scheduleId: string | null = null;
  const schedule = runbookToSchedule(runbook, { name });
  const layer = schedule?.layers[0];
  if (schedule && layer) {
    const created = await createSchedule(conn, {
      name,
      timezone: schedule.timezone,
      rotationType: layer.rotationType,
      handoffTime: layer.handoffTime,
      ...(layer.handoffDay !== undefined ? { handoffDay: layer.handoffDay } : {}),
      ...(layer.periodDays !== undefined ? { periodDays: layer.periodDays } : {}),
      startDate: layer.startDate,
      // The domain keeps rotation order, the same order as `members` above (names may repeat; index may not).
      members: layer.members.map((m, i) => ({ userId: members[i]?.userId ?? m.userId })),
    });
    scheduleId = created.id;
  }
  const doc = await runbookModel(conn).create({ name, runbook, scheduleId, members });
  return { ...toRunbookDto(doc.toObject()), createdUserIds };
}

export async function getRunbook(conn: Connection, id: string): Promise<RunbookDto | null> {
  if (!isValidObjectId(id)) return null;
  const d = await runbookModel(conn).findById(id).lean<RunbookDoc>();
  return d ? toRunbookDto(d) : null;
}

export function listRunbooks(conn: Connection, page: PageRequest): Promise<Page<RunbookDto>> {
  return paginate(runbookModel(conn), {}, page, toRunbookDto);
}

/** Removes the runbook record only; its schedule and users stay (they may be in use elsewhere). */
export async function deleteRunbook(conn: Connection, id: string): Promise<boolean> {
  if (!isValidObjectId(id)) return false;
  return (await runbookModel(conn).deleteOne({ _id: id })).deletedCount === 1;
}

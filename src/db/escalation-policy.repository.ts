import { isValidObjectId, type Connection } from 'mongoose';
import type { EscalationLevel, EscalationPolicySnapshot } from '../domain/escalation.types';
import { AppError } from '../http/errors';
import { escalationPolicyModel, type EscalationPolicyDoc } from './escalation-policy.model';
import { paginate, type Page, type PageRequest } from './pagination';
import { scheduleModel } from './schedule.model';
import { assertPolicyUnused } from './usage.repository';
import { findUsersByIds } from './user.repository';

export interface EscalationPolicyInput {
  name: string;
  description?: string;
  levels: EscalationLevel[];
  repeat?: number;
  ownerUserId?: string | null;
}

export interface EscalationPolicyDto {
  id: string;
  name: string;
  description: string;
  levels: EscalationLevel[];
  repeat: number;
  ownerUserId: string | null;
  createdAt: string;
  updatedAt: string;
}

export function toPolicyDto(d: EscalationPolicyDoc): EscalationPolicyDto {
  return {
    id: String(d._id),
    name: d.name,
    description: d.description ?? '',
    levels: d.levels.map((l) => ({
      targets: l.targets.map((t) => ({ type: t.type, id: t.id })),
      delayMinutes: l.delayMinutes,
      repeatCount: l.repeatCount,
      retryIntervalMinutes: l.retryIntervalMinutes,
    })),
    repeat: d.repeat ?? 0,
    ownerUserId: d.ownerUserId ?? null,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
  };
}

/** The policy frozen into an alert's workflow input. */
export function toSnapshot(p: EscalationPolicyDto): EscalationPolicySnapshot {
  return { id: p.id, levels: p.levels, repeat: p.repeat, ownerUserId: p.ownerUserId };
}

/** 400 naming every target or owner field that points at no existing user or schedule. */
export async function assertPolicyRefs(conn: Connection, input: EscalationPolicyInput): Promise<void> {
  const refs = input.levels.flatMap((l, i) =>
    l.targets.map((t, j) => ({ ...t, field: `levels.${i}.targets.${j}.id` })),
  );
  const userIds = refs.filter((r) => r.type === 'user').map((r) => r.id);
  if (input.ownerUserId) userIds.push(input.ownerUserId);
  const scheduleIds = refs.filter((r) => r.type === 'schedule' && isValidObjectId(r.id)).map((r) => r.id);
  const [users, schedules] = await Promise.all([
    findUsersByIds(conn, userIds),
    scheduleModel(conn).find({ _id: { $in: scheduleIds } }).select({ _id: 1 }).lean(),
  ]);
  const knownSchedules = new Set(schedules.map((s) => String(s._id)));
  const details = refs
    .filter((r) => (r.type === 'user' ? !users.has(r.id) : !knownSchedules.has(r.id)))
    .map((r) => ({ field: r.field, message: `unknown ${r.type} ${r.id}` }));
  if (input.ownerUserId && !users.has(input.ownerUserId)) {
    details.push({ field: 'ownerUserId', message: `unknown user ${input.ownerUserId}` });
  }
  if (details.length) {
    throw new AppError('validation_failed', details.map((d) => `${d.field}: ${d.message}`).join('; '), 400, details);
  }
}

const toFields = (input: EscalationPolicyInput) => ({
  name: input.name,
  description: input.description ?? '',
  levels: input.levels,
  repeat: input.repeat ?? 0,
  ownerUserId: input.ownerUserId ?? null,
});

export async function createPolicy(conn: Connection, input: EscalationPolicyInput): Promise<EscalationPolicyDto> {
  await assertPolicyRefs(conn, input);
  const doc = await escalationPolicyModel(conn).create(toFields(input));
  return toPolicyDto(doc.toObject());
}

export async function getPolicy(conn: Connection, id: string): Promise<EscalationPolicyDto | null> {
  if (!isValidObjectId(id)) return null;
  const d = await escalationPolicyModel(conn).findById(id).lean<EscalationPolicyDoc>();
  return d ? toPolicyDto(d) : null;
}

export function listPolicies(conn: Connection, page: PageRequest): Promise<Page<EscalationPolicyDto>> {
  return paginate(escalationPolicyModel(conn), {}, page, toPolicyDto);
}

/** Replaces the definition (a PATCH is merged into the current one first); running alerts keep their snapshot. */
export async function replacePolicy(conn: Connection, id: string, input: EscalationPolicyInput): Promise<EscalationPolicyDto | null> {
  if (!isValidObjectId(id)) return null;
  await assertPolicyRefs(conn, input);
  const d = await escalationPolicyModel(conn)
    .findByIdAndUpdate(id, { $set: toFields(input) }, { returnDocument: 'after' })
    .lean<EscalationPolicyDoc>();
  return d ? toPolicyDto(d) : null;
}

/** Deletes the policy; 409 while a service, phone line or open alert uses it. */
export async function deletePolicy(conn: Connection, id: string): Promise<boolean> {
  if (!isValidObjectId(id)) return false;
  await assertPolicyUnused(conn, id);
  const r = await escalationPolicyModel(conn).deleteOne({ _id: id });
  return r.deletedCount === 1;
}

/** Ids of policies that page this schedule at some level (a schedule must not be deleted under them). */
export async function policiesReferencingSchedule(conn: Connection, scheduleId: string): Promise<string[]> {
  return referencing(conn, { 'levels.targets': { $elemMatch: { type: 'schedule', id: String(scheduleId) } } });
}

export async function isScheduleReferenced(conn: Connection, scheduleId: string): Promise<boolean> {
  return (await policiesReferencingSchedule(conn, scheduleId)).length > 0;
}

/** Ids of policies that page this user directly or name them as owner. */
export async function policiesReferencingUser(conn: Connection, userId: string): Promise<string[]> {
  return referencing(conn, {
    $or: [{ ownerUserId: String(userId) }, { 'levels.targets': { $elemMatch: { type: 'user', id: String(userId) } } }],
  });
}

async function referencing(conn: Connection, filter: Record<string, unknown>): Promise<string[]> {
  const docs = await escalationPolicyModel(conn).find(filter).select({ _id: 1 }).lean();
  return docs.map((d) => String(d._id));
}

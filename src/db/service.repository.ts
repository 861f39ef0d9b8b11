import { randomBytes } from 'node:crypto';
import { isValidObjectId, type Connection } from 'mongoose';
import { AppError } from '../http/errors';
import { isDuplicateKeyError } from './connect';
import { escalationPolicyModel } from './escalation-policy.model';
import { runbookModel } from './runbook.model';
import { paginate, type Page, type PageRequest } from './pagination';
import { serviceModel, type ServiceDoc } from './service.model';

export interface ServiceInput {
  name: string;
  description?: string;
  escalationPolicyId: string;
  runbookId?: string | null;
}

export interface ServiceDto {
  id: string;
  name: string;
  description: string;
  escalationPolicyId: string;
  routingKey: string;
  runbookId: string | null;
  createdAt: string;
  updatedAt: string;
}

export const ROUTING_KEY_LENGTH = 32;
const KEY_ATTEMPTS = 3;

/** 128 random bits as 32 hex characters: the shape of a PagerDuty integration key. */
export const newRoutingKey = () => randomBytes(ROUTING_KEY_LENGTH / 2).toString('hex');

export function toServiceDto(d: ServiceDoc): ServiceDto {
  return {
    id: String(d._id),
    name: d.name,
    description: d.description ?? '',
    escalationPolicyId: d.escalationPolicyId,
    routingKey: d.routingKey,
    runbookId: d.runbookId ?? null,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
  };
}

async function assertPolicyExists(conn: Connection, policyId: string): Promise<void> {
  if (isValidObjectId(policyId) && (await escalationPolicyModel(conn).exists({ _id: policyId }))) return;
  const details = [{ field: 'escalationPolicyId', message: `unknown escalation policy ${policyId}` }];
  throw new AppError('validation_failed', `escalationPolicyId: unknown escalation policy ${policyId}`, 400, details);
}

async function assertRunbookExists(conn: Connection, runbookId: string | null | undefined): Promise<void> {
  if (!runbookId || (isValidObjectId(runbookId) && (await runbookModel(conn).exists({ _id: runbookId })))) return;
  const details = [{ field: 'runbookId', message: `unknown runbook ${runbookId}` }];
  throw new AppError('validation_failed', `runbookId: unknown runbook ${runbookId}`, 400, details);
}

/** Retries a write on the (astronomically unlikely) routing key collision the unique index reports. */
async function withFreshKey<T>(write: (key: string) => Promise<T>): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await write(newRoutingKey());
    } catch (err) {
      if (!isDuplicateKeyError(err) || i >= KEY_ATTEMPTS) throw err;
    }
  }
}

export async function createService(conn: Connection, input: ServiceInput): Promise<ServiceDto> {
  await assertPolicyExists(conn, input.escalationPolicyId);
  await assertRunbookExists(conn, input.runbookId);
  const Services = serviceModel(conn);
  await Services.init(); // the unique index must exist before uniqueness can be trusted
  const doc = await withFreshKey((routingKey) =>
    Services.create({ name: input.name, description: input.description ?? '', escalationPolicyId: input.escalationPolicyId, runbookId: input.runbookId ?? null, routingKey }),
  );
  return toServiceDto(doc.toObject());
}

export async function getService(conn: Connection, id: string): Promise<ServiceDto | null> {
  if (!isValidObjectId(id)) return null;
  const d = await serviceModel(conn).findById(id).lean<ServiceDoc>();
  return d ? toServiceDto(d) : null;
}

export async function findServiceByRoutingKey(conn: Connection, routingKey: string): Promise<ServiceDto | null> {
  if (typeof routingKey !== 'string' || routingKey.length !== ROUTING_KEY_LENGTH) return null;
  const d = await serviceModel(conn).findOne({ routingKey: { $eq: routingKey } }).lean<ServiceDoc>();
  return d ? toServiceDto(d) : null;
}

export function listServices(conn: Connection, page: PageRequest, filter: { escalationPolicyId?: string } = {}): Promise<Page<ServiceDto>> {
  const q = filter.escalationPolicyId ? { escalationPolicyId: filter.escalationPolicyId } : {};
  return paginate(serviceModel(conn), q, page, toServiceDto);
}

export async function updateService(conn: Connection, id: string, patch: Partial<ServiceInput>): Promise<ServiceDto | null> {
  if (!isValidObjectId(id)) return null;
  if (patch.escalationPolicyId !== undefined) await assertPolicyExists(conn, patch.escalationPolicyId);
  await assertRunbookExists(conn, patch.runbookId);
  const d = await serviceModel(conn).findByIdAndUpdate(id, { $set: patch }, { returnDocument: 'after' }).lean<ServiceDoc>();
  return d ? toServiceDto(d) : null;
}

/** Issues a new routing key; the old one stops working at once. */
export async function rotateRoutingKey(conn: Connection, id: string): Promise<ServiceDto | null> {
  if (!isValidObjectId(id)) return null;
  const d = await withFreshKey((routingKey) =>
    serviceModel(conn).findByIdAndUpdate(id, { $set: { routingKey } }, { returnDocument: 'after' }).lean<ServiceDoc>(),
  );
  return d ? toServiceDto(d) : null;
}

export async function deleteService(conn: Connection, id: string): Promise<boolean> {
  if (!isValidObjectId(id)) return false;
  const r = await serviceModel(conn).deleteOne({ _id: id });
  return r.deletedCount === 1;
}

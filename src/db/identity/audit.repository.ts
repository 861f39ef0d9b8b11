import type { Connection } from 'mongoose';
import { auditModel, type AuditDoc } from './audit.model';

export type AuditEntry = Omit<AuditDoc, '_id'>;

export async function appendAudit(conn: Connection, entry: AuditEntry): Promise<void> {
  await auditModel(conn).create(entry);
}

export interface AuditFilter {
  resource?: string;
  resourceId?: string;
  userId?: string;
  from?: Date;
  to?: Date;
  limit: number;
}

export async function findAudit(conn: Connection, f: AuditFilter) {
  const q: Record<string, unknown> = {};
  if (f.resource) q.resource = f.resource;
  if (f.resourceId) q.resourceId = f.resourceId;
  if (f.userId) q['actor.userId'] = f.userId;
  if (f.from || f.to) q.at = { ...(f.from ? { $gte: f.from } : {}), ...(f.to ? { $lt: f.to } : {}) };
  const docs = await auditModel(conn).find(q).sort({ at: -1, _id: -1 }).limit(f.limit).lean();
  return docs.map(({ _id, ...rest }) => ({ id: String(_id), ...rest, at: rest.at.toISOString() }));
}

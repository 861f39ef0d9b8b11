import type { Connection } from 'mongoose';
import type { AlertStatus } from '../domain/escalation.types';
import { conflict } from '../http/errors';
import { alertModel } from './alert.model';
import { escalationPolicyModel } from './escalation-policy.model';
import { phoneLineModel } from './phone-line.model';
import { serviceModel } from './service.model';

/** What still uses a schedule or an escalation policy, by kind (ids); a kind with none is left out. */
export interface Usages {
  policies?: string[];
  services?: string[];
  phoneLines?: string[];
  openAlerts?: string[];
}

interface Named {
  _id: unknown;
  name?: string;
  title?: string;
}

const OPEN = { status: { $in: ['triggered', 'acknowledged'] as AlertStatus[] } };
const KIND: Record<keyof Usages, string> = { policies: 'escalation policy', services: 'service', phoneLines: 'phone line', openAlerts: 'open alert' };

async function ids(q: Promise<Named[]>, into: Usages, kind: keyof Usages, names: string[]): Promise<void> {
  const docs = await q;
  if (docs.length === 0) return;
  into[kind] = docs.map((d) => String(d._id));
  names.push(...docs.map((d) => `${KIND[kind]} "${d.name ?? d.title ?? ''}" (${String(d._id)})`));
}

/** Refuses with 409, naming every user, when anything uses the thing about to be deleted. */
function refuseIfUsed(what: string, usages: Usages, names: string[]): void {
  if (names.length) throw conflict(`${what} is used by ${names.join(', ')}`, usages);
}

/** A schedule is used by the policies that page it, the phone lines that ring it, and the open alerts those raised. */
export async function assertScheduleUnused(conn: Connection, scheduleId: string): Promise<void> {
  const usages: Usages = {};
  const names: string[] = [];
  const target = { 'levels.targets': { $elemMatch: { type: 'schedule', id: String(scheduleId) } } };
  await ids(escalationPolicyModel(conn).find(target).select({ name: 1 }).lean<Named[]>().exec(), usages, 'policies', names);
  await ids(phoneLineModel(conn).find({ scheduleId: { $eq: scheduleId } }).select({ name: 1 }).lean<Named[]>().exec(), usages, 'phoneLines', names);
  const raisedBy = [...(usages.policies ?? []), ...(usages.phoneLines ?? []).map((id) => `phone-line:${id}`)];
  if (raisedBy.length) {
    await ids(alertModel(conn).find({ ...OPEN, escalationPolicyId: { $in: raisedBy } }).select({ title: 1 }).lean<Named[]>().exec(), usages, 'openAlerts', names);
  }
  refuseIfUsed(`schedule ${scheduleId}`, usages, names);
}

/** A policy is used by the services that route to it, the phone lines that page through it, and its open alerts. */
export async function assertPolicyUnused(conn: Connection, policyId: string): Promise<void> {
  const usages: Usages = {};
  const names: string[] = [];
  const eq = { $eq: policyId };
  await ids(serviceModel(conn).find({ escalationPolicyId: eq }).select({ name: 1 }).lean<Named[]>().exec(), usages, 'services', names);
  await ids(phoneLineModel(conn).find({ escalationPolicyId: eq }).select({ name: 1 }).lean<Named[]>().exec(), usages, 'phoneLines', names);
  await ids(alertModel(conn).find({ ...OPEN, escalationPolicyId: eq }).select({ title: 1 }).lean<Named[]>().exec(), usages, 'openAlerts', names);
  refuseIfUsed(`escalation policy ${policyId}`, usages, names);
}

import { isValidObjectId, type Connection, type Model } from 'mongoose';
import { alertModel } from '../alert.model';
import { escalationPolicyModel } from '../escalation-policy.model';
import { phoneLineModel } from '../phone-line.model';
import { runbookModel } from '../runbook.model';
import { holidayModel } from '../schedule-holiday.model';
import { overrideModel } from '../schedule-override.model';
import { timeOffModel } from '../schedule-time-off.model';
import { scheduleModel } from '../schedule.model';
import { serviceModel } from '../service.model';
import { userModel } from '../user.model';
import { apiTokenModel } from './credential.model';
import { membershipModel, teamModel } from './team.model';

/** The things a rule or an audit entry can name, and where each is stored. */
export const RESOURCE_MODELS = {
  schedule: scheduleModel,
  'escalation-policy': escalationPolicyModel,
  service: serviceModel,
  'phone-line': phoneLineModel,
  alert: alertModel,
  user: userModel,
  runbook: runbookModel,
  override: overrideModel,
  'time-off': timeOffModel,
  holiday: holidayModel,
  'api-token': apiTokenModel,
  team: teamModel,
  membership: membershipModel,
} as const;

type LooseModel = (conn: Connection) => Model<Record<string, unknown>>;

export type ResourceKind = keyof typeof RESOURCE_MODELS | 'session' | 'password' | 'swap';

/** Kinds that belong to a team directly (recorded in team_resources). */
export const TEAM_OWNED = ['schedule', 'escalation-policy', 'service', 'phone-line'] as const;
export type TeamOwnedKind = (typeof TEAM_OWNED)[number];

const SECRET_FIELDS = new Set(['feedToken', 'feedTokenHash', 'routingKey', 'hash', 'passwordHash', 'idHash', 'token', 'password', 'csrfToken', 'link']);

/** A stored document as an audit entry shows it: plain JSON, secrets replaced. */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === 'object') {
    if (typeof (value as { toHexString?: unknown }).toHexString === 'function') return String(value);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === '__v') continue;
      out[k] = SECRET_FIELDS.has(k) ? '[redacted]' : redact(v);
    }
    return out;
  }
  return value;
}

/** Reads one resource raw (lean), or null when the kind is not stored or the id is unknown. */
export async function readResource(conn: Connection, kind: ResourceKind, id: string): Promise<Record<string, unknown> | null> {
  const get = (RESOURCE_MODELS as unknown as Record<string, LooseModel | undefined>)[kind];
  if (!get || !isValidObjectId(id)) return null;
  return (await get(conn).findById(id).lean()) as Record<string, unknown> | null;
}

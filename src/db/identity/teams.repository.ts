import type { Connection, Model } from 'mongoose';
import type { Grant, Role } from '../../domain/identity/roles';
import { userModel } from '../user.model';
import { readResource, RESOURCE_MODELS, TEAM_OWNED, type TeamOwnedKind } from './resources';
import { DEFAULT_TEAM_NAME, membershipModel, teamModel, teamResourceModel } from './team.model';

/** The team that holds data made before teams existed; created on first need. */
export async function ensureDefaultTeam(conn: Connection): Promise<string> {
  const doc = await teamModel(conn)
    .findOneAndUpdate(
      { isDefault: true },
      { $setOnInsert: { name: DEFAULT_TEAM_NAME, isDefault: true } },
      { upsert: true, returnDocument: 'after' },
    )
    .lean();
  return String(doc!._id);
}

export async function membershipsOf(conn: Connection, userId: string): Promise<Grant[]> {
  const rows = await membershipModel(conn).find({ userId }).lean();
  return rows.map((m) => ({ teamId: m.teamId, role: m.role }));
}

export async function setMembership(conn: Connection, userId: string, teamId: string, role: Role): Promise<void> {
  await membershipModel(conn).updateOne({ userId, teamId }, { $set: { role } }, { upsert: true });
}

export async function assignTeam(conn: Connection, kind: TeamOwnedKind, resourceId: string, teamId: string): Promise<void> {
  await teamResourceModel(conn).updateOne({ kind, resourceId }, { $set: { teamId } }, { upsert: true });
}

/** The owning team of a stored resource; null when the resource does not exist. Unassigned data is the default team's. */
export async function teamOf(conn: Connection, kind: string, id: string): Promise<string | null> {
  if (kind === 'alert') {
    const alert = await readResource(conn, 'alert', id);
    if (!alert) return null;
    const serviceId = typeof alert.serviceId === 'string' ? alert.serviceId : null;
    return (serviceId && (await teamOf(conn, 'service', serviceId))) || ensureDefaultTeam(conn);
  }
  if (!(TEAM_OWNED as readonly string[]).includes(kind)) return null;
  if (!(await readResource(conn, kind as TeamOwnedKind, id))) return null;
  const owned = await teamResourceModel(conn).findOne({ kind, resourceId: id }).lean();
  return owned?.teamId ?? ensureDefaultTeam(conn);
}

/** True when the user is in one of the schedule's rotations (any layer or the holiday rotation). */
export async function isScheduleMember(conn: Connection, scheduleId: string, userId: string): Promise<boolean> {
  const s = (await readResource(conn, 'schedule', scheduleId)) as {
    layers?: Array<{ members?: Array<{ userId: string }> }>;
    holidayRotation?: { members?: Array<{ userId: string }> } | null;
  } | null;
  if (!s) return false;
  const members = [...(s.layers ?? []).flatMap((l) => l.members ?? []), ...(s.holidayRotation?.members ?? [])];
  return members.some((m) => m.userId === userId);
}

/**
 * Moves data made before teams existed into the default team: every team-owned resource without an owner,
 * and every person without a team (as a responder). Upserts only, so a second run changes nothing.
 */
export async function migrateToTeams(conn: Connection): Promise<{ resources: number; people: number }> {
  const teamId = await ensureDefaultTeam(conn);
  let resources = 0;
  for (const kind of TEAM_OWNED) {
    const model = RESOURCE_MODELS[kind] as unknown as (c: Connection) => Model<{ _id: unknown }>;
    const ids = await model(conn).find({}, { _id: 1 }).lean();
    for (const { _id } of ids) {
      const r = await teamResourceModel(conn).updateOne(
        { kind, resourceId: String(_id) },
        { $setOnInsert: { teamId } },
        { upsert: true },
      );
      resources += r.upsertedCount;
    }
  }
  let people = 0;
  const withTeam = new Set((await membershipModel(conn).distinct('userId')).map(String));
  for (const { _id } of await userModel(conn).find({}, { _id: 1 }).lean()) {
    if (withTeam.has(String(_id))) continue;
    const r = await membershipModel(conn).updateOne(
      { userId: String(_id), teamId },
      { $setOnInsert: { role: 'responder' } },
      { upsert: true },
    );
    people += r.upsertedCount;
  }
  return { resources, people };
}

import type { Request } from 'express';
import { isValidObjectId, type Connection } from 'mongoose';
import { holds, teamsWith, type Actor } from '../../domain/identity/roles';
import { teamModel } from '../../db/identity/team.model';
import { ensureDefaultTeam, isScheduleMember, membershipsOf, teamOf } from '../../db/identity/teams.repository';
import { AppError, notFound } from '../errors';
import type { Access } from './route-rules';

export const forbidden = (message: string) => new AppError('forbidden', message, 403);

async function teamExists(conn: Connection, id: string): Promise<boolean> {
  return isValidObjectId(id) && (await teamModel(conn).exists({ _id: id })) !== null;
}

/** The team a new resource goes into: X-Team-Id, else the caller's only managed team, else (admin) the default team. */
export async function targetTeam(conn: Connection, actor: Actor, req: Request): Promise<string> {
  const asked = req.get('x-team-id');
  if (asked) {
    if (!(await teamExists(conn, asked))) throw notFound('team', asked);
    return asked;
  }
  const managed = teamsWith(actor, 'manager');
  if (managed.length === 1) return managed[0]!;
  if (managed.length > 1) throw new AppError('bad_request', 'you manage several teams: name one in the X-Team-Id header', 400);
  return ensureDefaultTeam(conn);
}

/**
 * Applies one access rule. Throws 403 when the caller lacks the role, 404 when the named resource does not
 * exist (checked first, so an unknown id reads the same to everyone who could have seen it).
 */
export async function authorize(conn: Connection, access: Access, actor: Actor, params: Record<string, string>, req: Request): Promise<void> {
  // An admin may do everything; the route itself then answers 400 or 404 in its usual order.
  if (actor.admin && access.kind !== 'create') return;
  switch (access.kind) {
    case 'public':
    case 'own-auth':
    case 'signed-in':
      return;
    case 'admin':
      if (!actor.admin) throw forbidden('only an admin may do this');
      return;
    case 'any-team':
      if (!holds(actor, null, access.need)) throw forbidden(`needs the ${access.need} role in a team`);
      return;
    case 'team': {
      const id = params[access.param] ?? '';
      const team = access.resource === 'team' ? ((await teamExists(conn, id)) ? id : null) : await teamOf(conn, access.resource, id);
      if (!team) throw notFound(access.resource, id);
      if (!holds(actor, team, access.need)) throw forbidden(`needs the ${access.need} role in the ${access.resource}'s team`);
      return;
    }
    case 'create': {
      const team = await targetTeam(conn, actor, req);
      if (!holds(actor, team, 'manager')) throw forbidden(`needs the manager role in the team that will own the ${access.resource}`);
      return;
    }
    case 'schedule-member': {
      const id = params[access.param] ?? '';
      const team = await teamOf(conn, 'schedule', id);
      if (!team) throw notFound('schedule', id);
      if (holds(actor, team, 'manager')) return;
      const onIt = actor.userId !== null && (await isScheduleMember(conn, id, actor.userId));
      if (holds(actor, team, 'responder') && onIt) return;
      throw forbidden('needs to be on this schedule (as a responder) or manage its team');
    }
    case 'person': {
      const id = params[access.param] ?? '';
      if (access.self && actor.userId === id && (req.method === 'GET' || holds(actor, null, 'responder'))) return;
      if (actor.admin) return;
      const theirs = isValidObjectId(id) ? await membershipsOf(conn, id) : [];
      if (theirs.some((m) => holds(actor, m.teamId, access.need))) return;
      throw forbidden(`needs the ${access.need} role in a team this person belongs to`);
    }
  }
}

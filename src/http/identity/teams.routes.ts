import { Router } from 'express';
import type { Connection } from 'mongoose';
import { z } from 'zod';
import type { Config } from '../../config';
import { findAudit } from '../../db/identity/audit.repository';
import { createPasswordLink } from '../../db/identity/credentials.repository';
import { membershipModel, teamModel, teamResourceModel } from '../../db/identity/team.model';
import { ensureDefaultTeam, setMembership } from '../../db/identity/teams.repository';
import { userModel } from '../../db/user.model';
import { conflict, notFound } from '../errors';
import { objectId } from '../validation/common';
import { parseInput } from '../validation/parse';
import { forbidden } from './authorize';
import { auditQuery, createTeamBody, membershipBody } from './identity.schemas';
import { requirePrincipal } from './principal';

const LINK_TTL_MS = 24 * 3_600_000;
const memberParams = z.object({ id: objectId, userId: objectId });

/** Teams and memberships, one-time password links, and the read-only audit log. */
export function teamsRoutes({ conn, config }: { conn: Connection; config: Config }): Router {
  const r = Router();

  r.post('/teams', async (req, res) => {
    const { name } = parseInput(createTeamBody, req.body);
    if (await teamModel(conn).exists({ name })) throw conflict(`a team named "${name}" exists`);
    const t = await teamModel(conn).create({ name, isDefault: false });
    res.status(201).json({ id: String(t._id), name: t.name, isDefault: false });
  });

  r.get('/teams', async (_req, res) => {
    // The default team is always listed (it is otherwise made on first need), so an exported file that
    // names it applies cleanly to a fresh server instead of racing a second team of the same name.
    await ensureDefaultTeam(conn);
    const teams = await teamModel(conn).find().sort({ name: 1 }).lean();
    const ids = { $in: teams.map((t) => String(t._id)) };
    const members = await membershipModel(conn).find({ teamId: ids }).lean();
    const owned = await teamResourceModel(conn).find({ teamId: ids }).sort({ kind: 1, resourceId: 1 }).lean();
    res.json({
      items: teams.map((t) => ({
        id: String(t._id),
        name: t.name,
        isDefault: t.isDefault,
        members: members.filter((m) => m.teamId === String(t._id)).map((m) => ({ userId: m.userId, role: m.role })),
        resources: owned.filter((o) => o.teamId === String(t._id)).map((o) => ({ kind: o.kind, id: o.resourceId })),
      })),
    });
  });

  r.put('/teams/:id/members/:userId', async (req, res) => {
    const p = requirePrincipal(res);
    const { id: teamId, userId } = parseInput(memberParams, req.params);
    const { role } = parseInput(membershipBody, req.body);
    if (role === 'admin' && !p.actor.admin) throw forbidden('only an admin may make someone an admin');
    if (!(await teamModel(conn).exists({ _id: teamId }))) throw notFound('team', teamId);
    if (!(await userModel(conn).exists({ _id: userId }))) throw notFound('user', userId);
    await setMembership(conn, userId, teamId, role);
    res.json({ teamId, userId, role });
  });

  r.delete('/teams/:id/members/:userId', async (req, res) => {
    const { id: teamId, userId } = parseInput(memberParams, req.params);
    const gone = await membershipModel(conn).deleteOne({ teamId, userId });
    if (gone.deletedCount === 0) throw notFound('membership', userId);
    res.status(204).end();
  });

  // The secret goes in the link's fragment, so it never reaches a server or proxy log.
  r.post('/users/:id/password-link', async (req, res) => {
    const userId = parseInput(objectId, req.params.id);
    if (!(await userModel(conn).exists({ _id: userId }))) throw notFound('user', userId);
    const secret = await createPasswordLink(conn, userId, new Date(), LINK_TTL_MS);
    res.status(201).json({
      userId,
      link: `${config.PUBLIC_URL}/console/set-password#token=${secret}`,
      token: secret,
      expiresAt: new Date(Date.now() + LINK_TTL_MS).toISOString(),
    });
  });

  r.get('/audit', async (req, res) => {
    const q = parseInput(auditQuery, req.query, 'query');
    res.json({ items: await findAudit(conn, q) });
  });
  return r;
}

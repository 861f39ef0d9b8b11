import { Router } from 'express';
import type { Connection } from 'mongoose';
import type { AppDeps } from '../app';
import { AppError, notFound } from '../errors';
import { createOverrideBody, patchOverrideBody, rangeQuery } from '../validation/override.schemas';
import { parseInput } from '../validation/parse';
import { requireScheduleDoc } from '../../db/schedule.repository';
import { createOverrides, endOverride, getOverride, listOverrides, updateOverride } from '../../db/schedule-override.repository';
import { findUsersByIds } from '../../db/user.repository';
import { schedulesSwapsRoutes } from './schedules-swaps.routes';

/** 400 naming each field whose user id is unknown. */
export async function assertUsersExist(conn: Connection, refs: Record<string, string | null | undefined>): Promise<void> {
  const entries = Object.entries(refs).filter((e): e is [string, string] => typeof e[1] === 'string');
  const known = await findUsersByIds(conn, entries.map(([, id]) => id));
  const details = entries.filter(([, id]) => !known.has(id)).map(([field, id]) => ({ field, message: `unknown user ${id}` }));
  if (details.length) {
    throw new AppError('validation_failed', details.map((d) => `${d.field}: ${d.message}`).join('; '), 400, details);
  }
}

/** /schedules/:id/overrides — many time-bounded overrides per schedule, each its own document. */
export function schedulesOverridesRoutes(deps: Pick<AppDeps, 'conn'>): Router {
  const { conn } = deps;
  const r = Router({ mergeParams: true });
  const sid = (p: Record<string, string | undefined>) => p.id ?? '';

  r.post('/overrides', async (req, res) => {
    const s = await requireScheduleDoc(conn, sid(req.params));
    const body = parseInput(createOverrideBody, req.body);
    await assertUsersExist(conn, { userId: body.userId, replacesUserId: body.replacesUserId });
    const [created] = await createOverrides(conn, String(s._id), [body]);
    res.status(201).json(created);
  });

  r.get('/overrides', async (req, res) => {
    const s = await requireScheduleDoc(conn, sid(req.params));
    const q = parseInput(rangeQuery, req.query, 'query');
    res.json(await listOverrides(conn, String(s._id), q, q));
  });

  r.get('/overrides/:overrideId', async (req, res) => {
    const s = await requireScheduleDoc(conn, sid(req.params));
    const o = await getOverride(conn, String(s._id), req.params.overrideId);
    if (!o) throw notFound('override', req.params.overrideId);
    res.json(o);
  });

  // Edits an override: any POST field; the merged result must pass POST's checks (plus the time rules in editedWindow).
  r.patch('/overrides/:overrideId', async (req, res) => {
    const now = new Date();
    const s = await requireScheduleDoc(conn, sid(req.params));
    const body = parseInput(patchOverrideBody, req.body);
    await assertUsersExist(conn, { userId: body.userId, replacesUserId: body.replacesUserId });
    const updated = await updateOverride(conn, String(s._id), req.params.overrideId, body, now);
    if (!updated) throw notFound('override', req.params.overrideId);
    res.json(updated);
  });

  // Ends an override early: in progress → endsAt = now (kept for history); future → removed.
  r.delete('/overrides/:overrideId', async (req, res) => {
    const s = await requireScheduleDoc(conn, sid(req.params));
    const done = await endOverride(conn, String(s._id), req.params.overrideId, new Date());
    if (!done) throw notFound('override', req.params.overrideId);
    if (done.action === 'removed') res.status(204).end();
    else res.json({ id: req.params.overrideId, endsAt: done.endsAt.toISOString(), action: 'ended' });
  });

  r.use(schedulesSwapsRoutes(deps));
  return r;
}

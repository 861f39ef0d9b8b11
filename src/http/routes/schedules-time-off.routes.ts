import { Router } from 'express';
import type { AppDeps } from '../app';
import { notFound } from '../errors';
import { createTimeOffBody, patchTimeOffBody, rangeQuery } from '../validation/override.schemas';
import { parseInput } from '../validation/parse';
import { requireScheduleDoc } from '../../db/schedule.repository';
import { createTimeOff, endTimeOff, getTimeOff, listTimeOff, updateTimeOff } from '../../db/schedule-time-off.repository';
import { assertUsersExist } from './schedules-overrides.routes';

/** /schedules/:id/time-off — a member's unavailable periods; the next available member covers. */
export function schedulesTimeOffRoutes({ conn }: Pick<AppDeps, 'conn'>): Router {
  const r = Router({ mergeParams: true });
  const sid = (p: Record<string, string | undefined>) => p.id ?? '';

  r.post('/time-off', async (req, res) => {
    const s = await requireScheduleDoc(conn, sid(req.params));
    const body = parseInput(createTimeOffBody, req.body);
    await assertUsersExist(conn, { userId: body.userId });
    res.status(201).json(await createTimeOff(conn, String(s._id), body));
  });

  r.get('/time-off', async (req, res) => {
    const s = await requireScheduleDoc(conn, sid(req.params));
    const q = parseInput(rangeQuery, req.query, 'query');
    res.json(await listTimeOff(conn, String(s._id), q, q));
  });

  r.get('/time-off/:timeOffId', async (req, res) => {
    const s = await requireScheduleDoc(conn, sid(req.params));
    const t = await getTimeOff(conn, String(s._id), req.params.timeOffId);
    if (!t) throw notFound('time off', req.params.timeOffId);
    res.json(t);
  });

  // Edits time off: any POST field; the merged result must pass POST's checks (plus the time rules in editedWindow).
  r.patch('/time-off/:timeOffId', async (req, res) => {
    const now = new Date();
    const s = await requireScheduleDoc(conn, sid(req.params));
    const body = parseInput(patchTimeOffBody, req.body);
    await assertUsersExist(conn, { userId: body.userId });
    const updated = await updateTimeOff(conn, String(s._id), req.params.timeOffId, body, now);
    if (!updated) throw notFound('time off', req.params.timeOffId);
    res.json(updated);
  });

  // Cancels time off: in progress → ends now; future → removed.
  r.delete('/time-off/:timeOffId', async (req, res) => {
    const s = await requireScheduleDoc(conn, sid(req.params));
    const done = await endTimeOff(conn, String(s._id), req.params.timeOffId, new Date());
    if (!done) throw notFound('time off', req.params.timeOffId);
    if (done.action === 'removed') res.status(204).end();
    else res.json({ id: req.params.timeOffId, endsAt: done.endsAt.toISOString(), action: 'ended' });
  });

  return r;
}

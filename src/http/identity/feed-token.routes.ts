import { randomBytes } from 'node:crypto';
import { Router } from 'express';
import type { Connection } from 'mongoose';
import { scheduleModel } from '../../db/schedule.model';
import { notFound } from '../errors';
import { objectId } from '../validation/common';
import { parseInput } from '../validation/parse';

/**
 * POST /api/v1/schedules/:id/rotate-feed-token: a new calendar feed token; the old one stops working at once
 * (rotating is how a leaked feed link is revoked).
 */
export function feedTokenRoutes({ conn }: { conn: Connection }): Router {
  const r = Router();
  r.post('/schedules/:id/rotate-feed-token', async (req, res) => {
    const id = parseInput(objectId, req.params.id);
    const feedToken = randomBytes(24).toString('base64url');
    const done = await scheduleModel(conn).updateOne({ _id: id }, { $set: { feedToken } });
    if (done.matchedCount === 0) throw notFound('schedule', id);
    res.json({ id, calendarFeed: `/api/v1/schedules/${id}/calendar.ics?token=${feedToken}` });
  });
  return r;
}

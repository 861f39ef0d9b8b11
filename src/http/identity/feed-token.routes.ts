import { Router } from 'express';
import type { Connection } from 'mongoose';
import { feedPath, feedTokenHash, newFeedToken } from '../../db/identity/feed-token';
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
    const token = newFeedToken();
    const done = await scheduleModel(conn).updateOne({ _id: id }, { $set: { feedTokenHash: feedTokenHash(token) } });
    if (done.matchedCount === 0) throw notFound('schedule', id);
    res.json({ id, calendarFeed: feedPath(id, token) });
  });
  return r;
}

import { Router } from 'express';
import type { Connection } from 'mongoose';
import { z } from 'zod';
import { buildFatigueReport } from '../../db/fatigue.repository';
import { fromZod, notFound } from '../errors';
import { ianaTimezone, objectId } from '../validation/common';

export const fatigueQuery = z.strictObject({
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'must be a month YYYY-MM' }),
  scheduleId: objectId.optional(),
  timezone: ianaTimezone.optional(),
});

/** Fatigue: on-call hours, pages and night-time interruptions per person per month. */
export function reportsRoutes(deps: { conn: Connection }): Router {
  const r = Router();
  r.get('/reports/fatigue', async (req, res) => {
    const q = fatigueQuery.safeParse(req.query);
    if (!q.success) throw fromZod(q.error, 'query');
    const report = await buildFatigueReport(deps.conn, q.data);
    if (!report) throw notFound('schedule', q.data.scheduleId!);
    res.json(report);
  });
  return r;
}

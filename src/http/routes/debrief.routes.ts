import { Router } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../app';
import { loadDebrief } from '../../db/debrief.repository';
import { isLocalDate } from '../../domain/wall-clock';
import { parseInput } from '../validation/parse';
import { hhmm, ianaTimezone } from '../validation/common';

export const debriefQuery = z.strictObject({
  date: z.string().refine(isLocalDate, { error: 'must be a date YYYY-MM-DD' }),
  timezone: ianaTimezone.optional(),
  time: hhmm.optional(),
});

/** GET /reports/debrief?date=: the night before `date` (18:00 to 08:00 local), as the morning debrief sends it. */
export function debriefRoutes({ conn }: Pick<AppDeps, 'conn'>): Router {
  const r = Router();
  r.get('/reports/debrief', async (req, res) => {
    const q = parseInput(debriefQuery, req.query, 'query');
    res.json(await loadDebrief(conn, { date: q.date, timezone: q.timezone ?? 'UTC', ...(q.time ? { debriefTime: q.time } : {}) }));
  });
  return r;
}

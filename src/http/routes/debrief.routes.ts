import { Router } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../app';
import { loadDebrief } from '../../db/debrief.repository';
import { isLocalDate } from '../../domain/wall-clock';
import { parseInput } from '../validation/parse';
import { hhmm, ianaTimezone, objectId } from '../validation/common';

export const debriefQuery = z.strictObject({
  // The pattern is for the document (clients and the fuzzer see it); isLocalDate also rejects 2026-02-30.
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be a date YYYY-MM-DD' }).refine(isLocalDate, { error: 'must be a date YYYY-MM-DD' }),
  timezone: ianaTimezone.optional(),
  time: hhmm.optional(),
  teamId: objectId.optional().meta({ description: "Only this team's alerts and calls (its services, policies and phone lines)" }),
});

/** GET /reports/debrief?date=: the night before `date` (18:00 to 08:00 local), as the morning debrief sends it. */
export function debriefRoutes({ conn }: Pick<AppDeps, 'conn'>): Router {
  const r = Router();
  r.get('/reports/debrief', async (req, res) => {
    const q = parseInput(debriefQuery, req.query, 'query');
    res.json(await loadDebrief(conn, { date: q.date, timezone: q.timezone ?? 'UTC', ...(q.time ? { debriefTime: q.time } : {}), ...(q.teamId ? { teamId: q.teamId } : {}) }));
  });
  return r;
}

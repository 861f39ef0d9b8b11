import { Router } from 'express';
import type { Connection } from 'mongoose';
import { z } from 'zod';
import { buildFatigueReport } from '../../db/fatigue/fatigue.repository';
import { fromZod, notFound } from '../errors';
import { ianaTimezone, objectId } from '../validation/common';
import { fatigueCsv } from './fatigue-csv';
import { domainCall } from './schedules-view.routes';

export const fatigueQuery = z.strictObject({
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'must be a month YYYY-MM' }),
  scheduleId: objectId.optional(),
  timezone: ianaTimezone.optional(),
  format: z.enum(['json', 'csv']).optional(),
});

/**
 * Fatigue per person per month: on-call hours by kind of time, pages, interruptions (night-time too), time
 * to acknowledge, the team mean and fairness warnings. JSON, or CSV with `Accept: text/csv` or `?format=csv`.
 */
export function reportsRoutes(deps: { conn: Connection }): Router {
  const r = Router();
  r.get('/reports/fatigue', async (req, res) => {
    const q = fatigueQuery.safeParse(req.query);
    if (!q.success) throw fromZod(q.error, 'query');
    const { format, ...query } = q.data;
    // A stored schedule that cannot be resolved is a 422 naming the problem, as for the schedule views.
    const report = await domainCall(() => buildFatigueReport(deps.conn, query));
    if (!report) throw notFound('schedule', q.data.scheduleId!);
    const csv = format ? format === 'csv' : req.accepts(['application/json', 'text/csv']) === 'text/csv';
    if (!csv) return void res.json(report);
    const name = `fatigue-${report.month}${query.scheduleId ? `-${query.scheduleId}` : ''}.csv`;
    res.type('text/csv; charset=utf-8').attachment(name).send(fatigueCsv(report));
  });
  return r;
}

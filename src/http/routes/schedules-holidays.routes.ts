import express, { Router } from 'express';
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { AppDeps } from '../app';
import { badRequest, notFound } from '../errors';
import { nonEmptyName, ymd } from '../validation/common';
import { parseInput } from '../validation/parse';
import { parseIcsHolidays } from '../../domain/holiday-ics';
import { ScheduleError } from '../../domain/schedule-errors';
import { requireScheduleDoc } from '../../db/schedule.repository';
import { createHoliday, deleteHoliday, importHolidays, listHolidays } from '../../db/schedule-holiday.repository';

export const holidayBody = z.strictObject({ date: ymd, name: nonEmptyName });
export const holidayQuery = z.strictObject({ from: ymd.optional(), to: ymd.optional() });
const ICS_LIMIT = '1mb';
const MAX_THROUGH_YEARS = 10;

/** `through` for an import, judged against today's date in the schedule's zone. */
export function holidayImportQuery(now: Date, timezone: string) {
  const today = DateTime.fromJSDate(now, { zone: timezone });
  const latest = today.plus({ years: MAX_THROUGH_YEARS }).toISODate()!;
  return z
    .strictObject({
      through: ymd
        .refine((d) => d <= latest, { error: `must be at most ${MAX_THROUGH_YEARS} years ahead (${latest} or earlier)` })
        .optional(),
    })
    .transform((q) => ({ through: q.through ?? `${today.year + 2}-12-31` }));
}

/** /schedules/:id/holidays — a holiday calendar of local dates, importable from an .ics file. */
export function schedulesHolidaysRoutes({ conn }: Pick<AppDeps, 'conn'>): Router {
  const r = Router({ mergeParams: true });
  const sid = (p: Record<string, string | undefined>) => p.id ?? '';

  r.post('/holidays', async (req, res) => {
    const doc = await requireScheduleDoc(conn, sid(req.params));
    res.status(201).json(await createHoliday(conn, String(doc._id), parseInput(holidayBody, req.body)));
  });

  r.get('/holidays', async (req, res) => {
    const q = parseInput(holidayQuery, req.query, 'query');
    const doc = await requireScheduleDoc(conn, sid(req.params));
    res.json({ data: await listHolidays(conn, String(doc._id), q.from, q.to) });
  });

  r.delete('/holidays/:holidayId', async (req, res) => {
    const doc = await requireScheduleDoc(conn, sid(req.params));
    if (!(await deleteHoliday(conn, String(doc._id), req.params.holidayId))) throw notFound('holiday', req.params.holidayId);
    res.status(204).end();
  });

  // Body: the .ics file itself (Content-Type: text/calendar). Re-importing the same file changes nothing.
  // Query `through` (YYYY-MM-DD, at most 10 years ahead; default: 31 December of the year after next): the last
  // date to which recurring events (RRULE, RDATE) are expanded. An event's own DTSTART is imported regardless.
  r.post('/holidays/import', express.text({ type: ['text/calendar', 'text/plain'], limit: ICS_LIMIT }), async (req, res) => {
    const doc = await requireScheduleDoc(conn, sid(req.params));
    const { through } = parseInput(holidayImportQuery(new Date(), doc.timezone), req.query, 'query');
    if (typeof req.body !== 'string' || !req.body.includes('BEGIN:VCALENDAR')) {
      throw badRequest('body: send an iCalendar file (BEGIN:VCALENDAR …) with Content-Type: text/calendar');
    }
    let holidays;
    try {
      holidays = parseIcsHolidays(req.body, { timezone: doc.timezone, through });
    } catch (err) {
      if (err instanceof ScheduleError) throw badRequest(`body: ${err.message}`);
      throw err;
    }
    const counts = await importHolidays(conn, String(doc._id), holidays);
    res.status(201).json({ ...counts, holidays: await listHolidays(conn, String(doc._id)) });
  });

  return r;
}

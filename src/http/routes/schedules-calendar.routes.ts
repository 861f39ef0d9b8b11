import { feedTokenHash } from '../../db/identity/feed-token';
import { Router } from 'express';
import ICAL from 'ical.js';
import { z } from 'zod';
import type { AppDeps } from '../app';
import { sameSecret } from '../auth';
import { AppError, notFound } from '../errors';
import { isoInstant, objectId } from '../validation/common';
import { parseInput } from '../validation/parse';
import { getScheduleDoc } from '../../db/schedule.repository';
import { describeShift, shiftsFor, usersOf, type ShiftView } from '../../db/schedule-views';
import { domainCall } from './schedules-view.routes';

const DAY_MS = 86_400_000;
export const feedQuery = z.strictObject({
  token: z.string().max(200).optional(),
  userId: objectId.optional(),
  days: z.coerce.number().int().min(1).max(366).default(90),
  from: isoInstant.optional(),
});

function vevent(scheduleId: string, scheduleName: string, s: ShiftView, stamp: ICAL.Time): ICAL.Component {
  const ev = new ICAL.Component('vevent');
  ev.addPropertyWithValue('uid', `${scheduleId}-${s.start}-${s.userId ?? 'gap'}@nightline`);
  ev.addPropertyWithValue('dtstamp', stamp);
  ev.addPropertyWithValue('dtstart', ICAL.Time.fromJSDate(new Date(s.start), true));
  ev.addPropertyWithValue('dtend', ICAL.Time.fromJSDate(new Date(s.end), true));
  const who = s.gap ? 'GAP: nobody on call' : `On call: ${s.name ?? s.userId}`;
  ev.addPropertyWithValue('summary', `${who} (${scheduleName})${s.holiday ? ` [${s.holiday}]` : ''}`);
  const notes = [`source: ${s.source}`, s.phone && `phone: ${s.phone}`, s.reason && `reason: ${s.reason}`];
  ev.addPropertyWithValue('description', notes.filter(Boolean).join('\n'));
  return ev;
}

/**
 * GET /api/v1/schedules/:id/calendar.ics — mounted outside the bearer guard because calendar apps cannot
 * send headers. Accepts only the schedule's own feed token (shown once in `calendarFeed`), as `?token=`
 * or as a bearer header; the admin token is refused. `?userId=` limits the feed to one person's shifts.
 */
export function schedulesCalendarRoutes({ conn }: Pick<AppDeps, 'conn'>): Router {
  const r = Router();
  r.get('/schedules/:id/calendar.ics', async (req, res) => {
    const q = parseInput(feedQuery, req.query, 'query');
    const bearer = /^Bearer\s+(.+)$/i.exec(req.get('authorization') ?? '')?.[1];
    const given = q.token ?? bearer;
    if (!given) throw new AppError('unauthorized', 'calendar feed needs ?token=<feed token>', 401);
    const doc = await getScheduleDoc(conn, req.params.id);
    if (!doc) throw notFound('schedule', req.params.id);
    // Only the feed's own token: the admin token must never end up in calendar apps or proxy logs.
    const ok = sameSecret(feedTokenHash(given), doc.feedTokenHash);
    if (!ok) throw new AppError('unauthorized', 'invalid calendar feed token', 401);

    const from = q.from ?? new Date();
    const to = new Date(from.getTime() + q.days * DAY_MS);
    const shifts = await domainCall(() => shiftsFor(conn, doc, from, to));
    const users = await usersOf(conn, shifts.map((s) => s.userId));
    const views = shifts.map((s) => describeShift(s, users)).filter((s) => (q.userId ? s.userId === q.userId : true));

    const cal = new ICAL.Component(['vcalendar', [], []]);
    cal.updatePropertyWithValue('prodid', '-//Nightline//On-call schedule//EN');
    cal.updatePropertyWithValue('version', '2.0');
    cal.updatePropertyWithValue('calscale', 'GREGORIAN');
    cal.updatePropertyWithValue('x-wr-calname', `On call: ${doc.name}`);
    const stamp = ICAL.Time.fromJSDate(new Date(), true);
    for (const s of views) cal.addSubcomponent(vevent(String(doc._id), doc.name, s, stamp));
    res.type('text/calendar; charset=utf-8').send(cal.toString());
  });
  return r;
}

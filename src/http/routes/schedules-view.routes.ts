import { Router } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../app';
import { AppError, badRequest } from '../errors';
import { isoInstant } from '../validation/common';
import { parseInput } from '../validation/parse';
import { ScheduleError } from '../../domain/schedule-errors';
import { requireScheduleDoc } from '../../db/schedule.repository';
import { describeOnCall, describeShift, onCallAt, shiftsFor, usersOf } from '../../db/schedule-views';

export const MAX_RANGE_DAYS = 366;
const DAY_MS = 86_400_000;

export const atQuery = z.strictObject({ at: isoInstant.optional() });
export const viewRangeQuery = z.strictObject({ from: isoInstant.optional(), to: isoInstant.optional() });

/** from defaults to now, to to from + 7 days; the span must be positive and at most MAX_RANGE_DAYS. */
export function parseRange(query: unknown, now = new Date(), defaultDays = 7): { from: Date; to: Date } {
  const q = parseInput(viewRangeQuery, query, 'query');
  const from = q.from ?? now;
  const to = q.to ?? new Date(from.getTime() + defaultDays * DAY_MS);
  if (to <= from) throw badRequest('to: must be after from');
  if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY_MS) {
    throw badRequest(`to: the range from..to may span at most ${MAX_RANGE_DAYS} days`);
  }
  return { from, to };
}

/** Domain errors on a stored schedule are the stored definition's fault, not the request's. */
export async function domainCall<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (err) {
    if (err instanceof ScheduleError) throw new AppError('invalid_schedule', `schedule cannot be resolved: ${err.message}`, 422);
    throw err;
  }
}

/** GET /schedules/:id/oncall and /shifts. */
export function schedulesViewRoutes({ conn }: Pick<AppDeps, 'conn'>): Router {
  const r = Router({ mergeParams: true });
  const sid = (p: Record<string, string | undefined>) => p.id ?? '';

  r.get('/oncall', async (req, res) => {
    const at = parseInput(atQuery, req.query, 'query').at ?? new Date();
    const doc = await requireScheduleDoc(conn, sid(req.params));
    const answer = await domainCall(() => onCallAt(conn, doc, at));
    res.json({ at: at.toISOString(), ...describeOnCall(answer, await usersOf(conn, [answer.userId])) });
  });

  r.get('/shifts', async (req, res) => {
    const { from, to } = parseRange(req.query);
    const doc = await requireScheduleDoc(conn, sid(req.params));
    const shifts = await domainCall(() => shiftsFor(conn, doc, from, to));
    const users = await usersOf(conn, shifts.map((s) => s.userId));
    res.json({ from: from.toISOString(), to: to.toISOString(), data: shifts.map((s) => describeShift(s, users)) });
  });

  return r;
}

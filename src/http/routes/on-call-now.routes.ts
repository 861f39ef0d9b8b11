import { Router } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../app';
import { parseInput } from '../validation/parse';
import { describeOnCall, onCallNowAndNext, usersOf } from '../../db/schedule-views';
import type { ScheduleDoc } from '../../db/schedule.model';
import { listScheduleDocs } from '../../db/schedule.repository';
import type { OnCall } from '../../domain/schedule.types';
import { domainCall } from './schedules-view.routes';

export const onCallNowQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(200) });

/**
 * GET /api/v1/on-call: every schedule's on-call person now and the next one, in ONE request. The home page used to
 * list schedules and then ask each one (and then its next shift) in turn: three round trips in series before a name.
 */
export function onCallNowRoutes({ conn }: Pick<AppDeps, 'conn'>): Router {
  const r = Router();
  r.get('/', async (req, res) => {
    const { limit } = parseInput(onCallNowQuery, req.query, 'query');
    const at = new Date();
    const docs = await listScheduleDocs(conn, limit);
    const answers = await Promise.all(
      docs.map(async (doc): Promise<{ doc: ScheduleDoc; now: OnCall | null; next: OnCall | null; error?: string }> => {
        try {
          return { doc, ...(await domainCall(() => onCallNowAndNext(conn, doc, at))) };
        } catch (err) {
          // One broken schedule must not blank the whole page: it says why, the others still answer.
          return { doc, now: null, next: null, error: err instanceof Error ? err.message : String(err) };
        }
      }),
    );
    const users = await usersOf(conn, answers.flatMap((a) => [a.now?.userId, a.next?.userId]));
    res.json({
      at: at.toISOString(),
      data: answers.map(({ doc, now, next, error }) => ({
        scheduleId: String(doc._id),
        scheduleName: doc.name,
        timezone: doc.timezone,
        now: now ? describeOnCall(now, users) : null,
        next: next ? describeOnCall(next, users) : null,
        ...(error ? { error } : {}),
      })),
    });
  });
  return r;
}

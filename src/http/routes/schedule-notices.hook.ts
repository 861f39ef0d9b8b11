import type { RequestHandler } from 'express';
import type { Logger } from '../../logger';
import type { NoticePlanner } from '../../temporal/notice-planner';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Mounted in front of /schedules: after any successful write to a schedule or its overrides, swaps or
 * time off, its notice workflow plans again (and is started for a new schedule). Best effort: a failed
 * signal is logged; the workflow still re-plans on its own at least weekly.
 */
export function replanNoticesAfterWrites(planner: NoticePlanner, log: Logger): RequestHandler {
  return (req, res, next) => {
    if (READS.has(req.method)) return next();
    let scheduleId = /^\/([^/]+)/.exec(req.path)?.[1];
    if (!scheduleId && req.method === 'POST') {
      const json = res.json.bind(res);
      res.json = (body: unknown) => {
        scheduleId = (body as { id?: unknown } | null)?.id as string | undefined;
        return json(body);
      };
    }
    res.on('finish', () => {
      if (res.statusCode >= 400 || !scheduleId || scheduleId === 'calendar') return;
      planner.replan(scheduleId).catch((err: unknown) => log.warn({ err, scheduleId }, 'could not re-plan shift notices'));
    });
    next();
  };
}

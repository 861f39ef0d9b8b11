import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { teamModel } from '../../db/identity/team.model';
import { nextTeamDebrief, teamDebriefSettings, type TeamDebriefSettings } from '../../domain/team-debrief';
import type { Logger } from '../../logger';
import type { NoticePlanner } from '../../temporal/notice-planner';
import type { AppDeps } from '../app';
import { notFound } from '../errors';
import { hhmm, ianaTimezone, objectId } from '../validation/common';
import { parseInput } from '../validation/parse';

export const teamDebriefBody = z
  .strictObject({
    enabled: z.boolean().optional(),
    time: hhmm.optional().meta({ description: 'Local time of the debrief (HH:mm in `timezone`), 08:00 by default' }),
    timezone: ianaTimezone.optional().meta({ description: 'IANA zone of `time` and of the night window, UTC by default' }),
  })
  .refine((b) => Object.keys(b).length > 0, { error: 'must change at least one field' });

const teamParams = z.object({ id: objectId });

/** What the API shows: the settings with defaults, and when the next debrief goes out (null when off). */
function toDto(teamId: string, s: TeamDebriefSettings, now: number) {
  return { teamId, ...s, nextAt: s.enabled ? new Date(nextTeamDebrief(s, now).at).toISOString() : null };
}

/**
 * GET/PUT /teams/:id/debrief: when the team's morning debrief goes out (local time and zone) and whether
 * it does at all. A change wakes the team's debrief workflow so it plans again.
 */
export function teamDebriefRoutes({ conn, noticePlanner, log }: Pick<AppDeps, 'conn' | 'noticePlanner' | 'log'>): Router {
  const r = Router();
  r.get('/teams/:id/debrief', async (req, res) => {
    const { id } = parseInput(teamParams, req.params);
    const team = await teamModel(conn).findById(id).lean();
    if (!team) throw notFound('team', id);
    res.json(toDto(id, teamDebriefSettings(team.debrief), Date.now()));
  });

  r.put('/teams/:id/debrief', async (req, res) => {
    const { id } = parseInput(teamParams, req.params);
    const body = parseInput(teamDebriefBody, req.body);
    const set = Object.fromEntries(Object.entries(body).map(([k, v]) => [`debrief.${k}`, v]));
    const team = await teamModel(conn).findById(id).lean();
    if (!team) throw notFound('team', id);
    // A team stored before debrief settings existed has none: write the whole object once.
    const update = team.debrief ? { $set: set } : { $set: { debrief: { ...teamDebriefSettings(null), ...body } } };
    const saved = await teamModel(conn).findByIdAndUpdate(id, update, { returnDocument: 'after' }).lean();
    if (!saved) throw notFound('team', id);
    replan(noticePlanner, log, id);
    res.json(toDto(id, teamDebriefSettings(saved.debrief), Date.now()));
  });
  return r;
}

/** Mounted in front of POST /teams: a new team gets its debrief workflow at once (best effort, logged). */
export function startDebriefOfNewTeams(planner: NoticePlanner, log: Logger): RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'POST' || req.path !== '/') return next();
    let teamId: string | undefined;
    const json = res.json.bind(res);
    res.json = (body: unknown) => {
      teamId = (body as { id?: unknown } | null)?.id as string | undefined;
      return json(body);
    };
    res.on('finish', () => {
      if (res.statusCode < 400 && teamId) replan(planner, log, teamId);
    });
    next();
  };
}

function replan(planner: NoticePlanner | undefined, log: Logger, teamId: string): void {
  planner?.replanTeamDebrief(teamId).catch((err: unknown) => log.warn({ err, teamId }, 'could not re-plan the team debrief'));
}

import { Router } from 'express';
import type { AppDeps } from '../app';
import { notFound } from '../errors';
import { paginationQuery } from '../validation/common';
import { parseInput } from '../validation/parse';
import { createScheduleBody, updateScheduleBody } from '../validation/schedule.schemas';
import {
  createSchedule,
  deleteSchedule,
  getSchedule,
  listSchedules,
  replaceSchedule,
} from '../../db/schedule.repository';
import { schedulesOverridesRoutes } from './schedules-overrides.routes';
import { schedulesTimeOffRoutes } from './schedules-time-off.routes';
import { schedulesHolidaysRoutes } from './schedules-holidays.routes';
import { schedulesViewRoutes } from './schedules-view.routes';
import { schedulesLanesRoutes } from './schedules-lanes.routes';

/** /api/v1/schedules: CRUD plus the nested overrides, swaps, time off, holidays and views. */
export function schedulesRoutes(deps: Pick<AppDeps, 'conn'>): Router {
  const { conn } = deps;
  const r = Router();

  r.post('/', async (req, res) => {
    res.status(201).json(await createSchedule(conn, parseInput(createScheduleBody, req.body)));
  });

  r.get('/', async (req, res) => {
    res.json(await listSchedules(conn, parseInput(paginationQuery, req.query, 'query')));
  });

  r.get('/:id', async (req, res) => {
    const s = await getSchedule(conn, req.params.id);
    if (!s) throw notFound('schedule', req.params.id);
    res.json(s);
  });

  // PATCH merges top-level fields, then re-validates the whole definition (so rules spanning fields hold).
  r.patch('/:id', async (req, res) => {
    const patch = parseInput(updateScheduleBody, req.body);
    const current = await getSchedule(conn, req.params.id);
    if (!current) throw notFound('schedule', req.params.id);
    const { id: _id, createdAt: _c, updatedAt: _u, calendarFeed: _f, ...definition } = current;
    const merged = parseInput(createScheduleBody, { ...definition, ...patch });
    const updated = await replaceSchedule(conn, req.params.id, merged);
    if (!updated) throw notFound('schedule', req.params.id);
    res.json(updated);
  });

  r.delete('/:id', async (req, res) => {
    if (!(await deleteSchedule(conn, req.params.id))) throw notFound('schedule', req.params.id);
    res.status(204).end();
  });

  r.use('/:id', schedulesOverridesRoutes(deps));
  r.use('/:id', schedulesTimeOffRoutes(deps));
  r.use('/:id', schedulesHolidaysRoutes(deps));
  r.use('/:id', schedulesViewRoutes(deps));
  r.use('/:id', schedulesLanesRoutes(deps));
  return r;
}

import { Router } from 'express';
import type { AppDeps } from '../app';
import { layerShiftsBetween } from '../../domain/schedule-layer-lanes';
import { requireScheduleDoc } from '../../db/schedule.repository';
import { assembleSchedule } from '../../db/schedule-assembly';
import { describeShift, usersOf } from '../../db/schedule-views';
import { domainCall, parseRange } from './schedules-view.routes';

/** GET /schedules/:id/layers/shifts: each layer's own rotation over a range, for the console's lanes. */
export function schedulesLanesRoutes({ conn }: Pick<AppDeps, 'conn'>): Router {
  const r = Router({ mergeParams: true });

  r.get('/layers/shifts', async (req, res) => {
    const { from, to } = parseRange(req.query);
    const doc = await requireScheduleDoc(conn, (req.params as Record<string, string | undefined>).id ?? '');
    const schedule = await assembleSchedule(conn, doc, from, to);
    const lanes = await domainCall(async () => layerShiftsBetween(schedule, from, to));
    const users = await usersOf(conn, lanes.flat().map((s) => s.userId));
    res.json({
      from: from.toISOString(),
      to: to.toISOString(),
      layers: lanes.map((shifts, index) => ({
        index,
        name: schedule.layers[index]?.name ?? null,
        handoffTime: schedule.layers[index]?.handoffTime ?? null,
        data: shifts.map((s) => describeShift(s, users)),
      })),
    });
  });

  return r;
}

import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../app';
import { badRequest, conflict, notFound } from '../errors';
import { swapBody } from '../validation/override.schemas';
import { parseInput } from '../validation/parse';
import { swapShifts, type SwapShift } from '../../domain/override-swap';
import { fairnessLedger } from '../../domain/time-off-ledger';
import { ScheduleError } from '../../domain/schedule-errors';
import { requireScheduleDoc } from '../../db/schedule.repository';
import { assembleSchedule, longestShiftMs } from '../../db/schedule-assembly';
import { cancelSwap, createOverrides } from '../../db/schedule-override.repository';
import { onCallAt, usersOf } from '../../db/schedule-views';
import { domainCall, parseRange } from './schedules-view.routes';

export const fairnessQuery = z.strictObject({ includeOverrides: z.enum(['true', 'false']).optional() });

/** POST and DELETE /schedules/:id/swaps, and GET /schedules/:id/fairness. */
export function schedulesSwapsRoutes({ conn }: Pick<AppDeps, 'conn'>): Router {
  const r = Router({ mergeParams: true });
  const sid = (p: Record<string, string | undefined>) => p.id ?? '';

  // Each shift is named by an instant inside it; the pair of overrides is created in one insert.
  r.post('/swaps', async (req, res) => {
    const body = parseInput(swapBody, req.body);
    const doc = await requireScheduleDoc(conn, sid(req.params));
    const shiftAt = async (at: Date, field: string): Promise<SwapShift> => {
      const a = await domainCall(() => onCallAt(conn, doc, at));
      if (!a.userId || !a.shiftStart || !a.shiftEnd) {
        throw badRequest(`${field}.start: nobody has a bounded shift at ${at.toISOString()}${a.reason ? ` (${a.reason})` : ''}`);
      }
      return { userId: a.userId, start: a.shiftStart, end: a.shiftEnd };
    };
    const a = await shiftAt(body.shiftA.start, 'shiftA');
    const b = await shiftAt(body.shiftB.start, 'shiftB');
    const pad = longestShiftMs(doc);
    const from = new Date(Math.min(a.start.getTime(), b.start.getTime()) - pad);
    const to = new Date(Math.max(a.end.getTime(), b.end.getTime()) + pad);
    const schedule = await assembleSchedule(conn, doc, from, to);
    let pair;
    try {
      pair = swapShifts(schedule, a, b, { createdAt: new Date(), ...(body.reason ? { reason: body.reason } : {}) });
    } catch (err) {
      if (err instanceof ScheduleError) throw badRequest(err.message);
      throw err;
    }
    const overrides = await createOverrides(conn, String(doc._id), pair, randomUUID());
    res.status(201).json({ swapId: overrides[0]?.swapId, overrides });
  });

  // Cancels both halves together (a half in progress ends now, one to come is removed, one over stays).
  r.delete('/swaps/:swapId', async (req, res) => {
    const doc = await requireScheduleDoc(conn, sid(req.params));
    const halves = await cancelSwap(conn, String(doc._id), req.params.swapId, new Date());
    if (!halves) throw notFound('swap', req.params.swapId);
    if (halves.every((h) => h.action === 'already_over')) throw conflict(`swap ${req.params.swapId} is already over; past swaps are kept as history`);
    res.json({ swapId: req.params.swapId, overrides: halves });
  });

  r.get('/fairness', async (req, res) => {
    const { includeOverrides, ...range } = req.query as Record<string, unknown>;
    const opts = parseInput(fairnessQuery, { includeOverrides }, 'query');
    const { from, to } = parseRange(range, new Date(), 30);
    const doc = await requireScheduleDoc(conn, sid(req.params));
    const schedule = await assembleSchedule(conn, doc, from, to);
    const ledger = await domainCall(async () => fairnessLedger(schedule, from, to, { includeOverrides: opts.includeOverrides === 'true' }));
    const users = await usersOf(conn, ledger.balances.map((b) => b.userId));
    const name = (id: string) => users.get(id)?.name ?? null;
    res.json({
      from: from.toISOString(),
      to: to.toISOString(),
      covers: ledger.covers.map((c) => ({ ...c, coverName: name(c.coverUserId), coveredName: name(c.coveredUserId) })),
      balances: ledger.balances.map((b) => ({ ...b, name: name(b.userId) })),
      debts: ledger.debts.map((d) => ({ ...d, debtorName: name(d.debtorUserId), creditorName: name(d.creditorUserId) })),
    });
  });

  return r;
}

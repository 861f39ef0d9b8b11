import { Router } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../app';
import { AppError, badRequest, notFound } from '../errors';
import { hasOperatorKeys, isoInstant, paginationQuery } from '../validation/common';
import { parseInput } from '../validation/parse';
import { parseRunbook, ON_CALL_SENTINEL } from '../../domain/nightdesk';
import { resolveRunbookOnCall } from '../../domain/nightdesk-resolve';
import { deleteRunbook, getRunbook, importRunbook, listRunbooks } from '../../db/runbook.repository';
import { getScheduleDoc } from '../../db/schedule.repository';
import { describeOnCall, onCallAt, usersOf, type OnCallView } from '../../db/schedule-views';
import { domainCall } from './schedules-view.routes';

export const importQuery = z.strictObject({ name: z.string().trim().min(1).max(200).optional() });
export const resolveQuery = z.strictObject({ at: isoInstant.optional() });

/** /api/v1/runbooks: import NightDesk runbooks (the blog's exact JSON) and resolve their escalation rules. */
export function runbooksRoutes({ conn }: Pick<AppDeps, 'conn'>): Router {
  const r = Router();

  r.post('/', async (req, res) => {
    const { name } = parseInput(importQuery, req.query, 'query');
    if (hasOperatorKeys(req.body)) throw badRequest('body: keys starting with "$" or containing "." are not allowed');
    const parsed = parseRunbook(req.body);
    if (!parsed.ok) throw new AppError('validation_failed', parsed.message, 400, parsed.errors);
    const imported = await importRunbook(conn, parsed.runbook, name ?? `NightDesk runbook ${new Date().toISOString().slice(0, 10)}`);
    res.status(201).json(imported);
  });

  r.get('/', async (req, res) => {
    res.json(await listRunbooks(conn, parseInput(paginationQuery, req.query, 'query')));
  });

  r.get('/:id', async (req, res) => {
    const rb = await getRunbook(conn, req.params.id);
    if (!rb) throw notFound('runbook', req.params.id);
    res.json(rb);
  });

  r.delete('/:id', async (req, res) => {
    if (!(await deleteRunbook(conn, req.params.id))) throw notFound('runbook', req.params.id);
    res.status(204).end();
  });

  // The sentinel resolves through the imported schedule, so overrides and time off added via REST apply.
  // If that schedule was deleted, the runbook's own anchor-based rotation answers.
  r.get('/:id/resolve', async (req, res) => {
    const at = parseInput(resolveQuery, req.query, 'query').at ?? new Date();
    const rb = await getRunbook(conn, req.params.id);
    if (!rb) throw notFound('runbook', req.params.id);
    const doc = rb.scheduleId ? await getScheduleDoc(conn, rb.scheduleId) : null;
    let onCall: OnCallView | null = null;
    if (doc) {
      const a = await domainCall(() => onCallAt(conn, doc, at));
      onCall = describeOnCall(a, await usersOf(conn, [a.userId]));
    } else if (rb.runbook.on_call_rotation) {
      const w = resolveRunbookOnCall(rb.runbook, at);
      onCall =
        w.name === null
          ? { userId: null, name: null, phone: null, source: 'rotation', shiftStart: null, shiftEnd: null, reason: w.reason }
          : {
              userId: rb.members.find((m) => m.phone === w.phone)?.userId ?? null,
              name: w.name,
              phone: w.phone,
              source: 'rotation',
              shiftStart: w.shiftStart.toISOString(),
              shiftEnd: w.shiftEnd.toISOString(),
            };
    }
    const rules = rb.runbook.escalation_rules.map((rule) => {
      if (rule.page !== ON_CALL_SENTINEL) return { ...rule, sentinel: false, target: rule.page, userId: null, phone: null };
      return { ...rule, sentinel: true, target: onCall?.name ?? null, userId: onCall?.userId ?? null, phone: onCall?.phone ?? null, ...(onCall?.reason ? { reason: onCall.reason } : {}) };
    });
    res.json({ id: rb.id, at: at.toISOString(), onCall, escalation_rules: rules });
  });

  return r;
}

import { Router } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../app';
import { AppError, notFound } from '../errors';
import { nonEmptyName, objectId, paginationQuery, phoneE164 } from '../validation/common';
import { parseInput } from '../validation/parse';
import { getPolicy } from '../../db/escalation-policy.repository';
import {
  createPhoneLine,
  deletePhoneLine,
  getPhoneLine,
  listPhoneLines,
  updatePhoneLine,
  type PhoneLineInput,
} from '../../db/phone-line.repository';
import { getRunbook } from '../../db/runbook.repository';
import { createPhoneLineCallRepository } from '../../db/phone-line-call.repository';
import type { PhoneLineCallDoc } from '../../db/phone-line-call.model';
import { getScheduleDoc } from '../../db/schedule.repository';

const lineShape = {
  number: phoneE164,
  name: nonEmptyName,
  scheduleId: objectId.nullable().optional(),
  escalationPolicyId: objectId.nullable().optional(),
  greeting: z.string().trim().max(500).nullable().optional(),
  emergencyPrompt: z.boolean().optional(),
  recordReason: z.boolean().optional(),
  /** Twilio's <Dial timeout> allows 5-600; past two minutes a caller has long given up. */
  ringTimeoutSeconds: z.number().int().min(5).max(120).optional(),
  /** A NightDesk runbook whose escalation rules page by the reason the caller gives. */
  runbookId: objectId.nullable().optional(),
};
const NEEDS_TARGET = 'a phone line needs a scheduleId or an escalationPolicyId to ring';

export const createPhoneLineBody = z
  .strictObject(lineShape)
  .refine((b) => !!(b.scheduleId || b.escalationPolicyId), { path: ['scheduleId'], error: NEEDS_TARGET });
export const updatePhoneLineBody = z
  .strictObject(lineShape)
  .partial()
  .refine((b) => Object.keys(b).length > 0, { error: 'nothing to update' });

export const lineCallsQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(20) });

/** An inbound call as the console shows it: caller, who answered, voicemail and what happened, hop by hop. */
function toLineCall(c: PhoneLineCallDoc) {
  return {
    id: String(c._id),
    callSid: c.callSid,
    from: c.from,
    at: c.createdAt.toISOString(),
    emergency: c.emergency,
    answeredBy: c.reachedName,
    voicemailUrl: c.recordingUrl,
    voicemailSeconds: c.recordingDuration,
    reasonRecordingUrl: c.reasonRecordingUrl,
    transcription: c.transcription,
    alertId: c.alertId,
    hops: c.hops.map((h) => ({ action: h.action, details: h.details, at: h.at.toISOString() })),
  };
}

const fieldError = (field: string, message: string) =>
  new AppError('validation_failed', `${field}: ${message}`, 400, [{ field, message }]);

/** 400 naming the field when the schedule or policy the line rings does not exist. */
async function assertTargets(conn: AppDeps['conn'], line: Partial<PhoneLineInput>): Promise<void> {
  if (line.scheduleId && !(await getScheduleDoc(conn, line.scheduleId))) {
    throw fieldError('scheduleId', `unknown schedule ${line.scheduleId}`);
  }
  if (line.escalationPolicyId && !(await getPolicy(conn, line.escalationPolicyId))) {
    throw fieldError('escalationPolicyId', `unknown escalation policy ${line.escalationPolicyId}`);
  }
  if (line.runbookId && !(await getRunbook(conn, line.runbookId))) throw fieldError('runbookId', `unknown runbook ${line.runbookId}`);
}

/** /api/v1/phone-lines: the after-hours numbers, whom they ring and what they say. */
export function phoneLinesRoutes({ conn }: Pick<AppDeps, 'conn'>): Router {
  const r = Router();

  r.post('/', async (req, res) => {
    const body = parseInput(createPhoneLineBody, req.body);
    await assertTargets(conn, body);
    res.status(201).json(await createPhoneLine(conn, body));
  });

  r.get('/', async (req, res) => {
    res.json(await listPhoneLines(conn, parseInput(paginationQuery, req.query, 'query')));
  });

  r.get('/:id', async (req, res) => {
    const line = await getPhoneLine(conn, req.params.id);
    if (!line) throw notFound('phone line', req.params.id);
    res.json(line);
  });

  r.get('/:id/calls', async (req, res) => {
    const { limit } = parseInput(lineCallsQuery, req.query, 'query');
    if (!(await getPhoneLine(conn, req.params.id))) throw notFound('phone line', req.params.id);
    const calls = await createPhoneLineCallRepository(conn).recentForLine(req.params.id, limit);
    res.json({ data: calls.map(toLineCall) });
  });

  r.patch('/:id', async (req, res) => {
    const patch = parseInput(updatePhoneLineBody, req.body);
    const current = await getPhoneLine(conn, req.params.id);
    if (!current) throw notFound('phone line', req.params.id);
    const merged = { ...current, ...patch };
    if (!merged.scheduleId && !merged.escalationPolicyId) throw fieldError('scheduleId', NEEDS_TARGET);
    await assertTargets(conn, patch);
    const line = await updatePhoneLine(conn, req.params.id, patch);
    if (!line) throw notFound('phone line', req.params.id);
    res.json(line);
  });

  r.delete('/:id', async (req, res) => {
    if (!(await deletePhoneLine(conn, req.params.id))) throw notFound('phone line', req.params.id);
    res.status(204).end();
  });

  return r;
}

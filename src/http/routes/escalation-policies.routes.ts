import { Router } from 'express';
import type { AppDeps } from '../app';
import { notFound } from '../errors';
import { paginationQuery } from '../validation/common';
import { createPolicyBody, updatePolicyBody } from '../validation/escalation-policy.schemas';
import { parseInput } from '../validation/parse';
import {
  createPolicy,
  deletePolicy,
  getPolicy,
  listPolicies,
  replacePolicy,
  type EscalationPolicyDto,
} from '../../db/escalation-policy.repository';

/** /api/v1/escalation-policies: admin CRUD. Malformed ids are unknown ids (404). */
export function escalationPoliciesRoutes({ conn }: Pick<AppDeps, 'conn'>): Router {
  const r = Router();

  const current = async (id: string): Promise<EscalationPolicyDto> => {
    const p = await getPolicy(conn, id);
    if (!p) throw notFound('escalation policy', id);
    return p;
  };

  r.post('/', async (req, res) => {
    res.status(201).json(await createPolicy(conn, parseInput(createPolicyBody, req.body)));
  });

  r.get('/', async (req, res) => {
    res.json(await listPolicies(conn, parseInput(paginationQuery, req.query, 'query')));
  });

  r.get('/:id', async (req, res) => {
    res.json(await current(req.params.id));
  });

  // PUT replaces the definition; fields left out fall back to their defaults.
  r.put('/:id', async (req, res) => {
    const body = parseInput(createPolicyBody, req.body);
    await current(req.params.id);
    const updated = await replacePolicy(conn, req.params.id, body);
    if (!updated) throw notFound('escalation policy', req.params.id);
    res.json(updated);
  });

  // PATCH merges into the current definition, then validates the whole result again.
  r.patch('/:id', async (req, res) => {
    const patch = parseInput(updatePolicyBody, req.body);
    const { id: _id, createdAt: _c, updatedAt: _u, ...now } = await current(req.params.id);
    const merged = parseInput(createPolicyBody, { ...now, ...patch });
    const updated = await replacePolicy(conn, req.params.id, merged);
    if (!updated) throw notFound('escalation policy', req.params.id);
    res.json(updated);
  });

  r.delete('/:id', async (req, res) => {
    await current(req.params.id);
    if (!(await deletePolicy(conn, req.params.id))) throw notFound('escalation policy', req.params.id);
    res.status(204).end();
  });

  return r;
}

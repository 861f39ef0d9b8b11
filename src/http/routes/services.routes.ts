import { Router } from 'express';
import type { AppDeps } from '../app';
import { notFound } from '../errors';
import { parseInput } from '../validation/parse';
import { createServiceBody, listServicesQuery, updateServiceBody } from '../validation/service.schemas';
import {
  createService,
  deleteService,
  getService,
  listServices,
  rotateRoutingKey,
  updateService,
} from '../../db/service.repository';

/** /api/v1/services: monitored services, each with the routing key the ingestion endpoints accept. */
export function servicesRoutes({ conn }: Pick<AppDeps, 'conn'>): Router {
  const r = Router();

  r.post('/', async (req, res) => {
    res.status(201).json(await createService(conn, parseInput(createServiceBody, req.body)));
  });

  r.get('/', async (req, res) => {
    const { escalationPolicyId, ...page } = parseInput(listServicesQuery, req.query, 'query');
    res.json(await listServices(conn, page, { escalationPolicyId }));
  });

  r.get('/:id', async (req, res) => {
    const s = await getService(conn, req.params.id);
    if (!s) throw notFound('service', req.params.id);
    res.json(s);
  });

  r.patch('/:id', async (req, res) => {
    const patch = parseInput(updateServiceBody, req.body);
    if (!(await getService(conn, req.params.id))) throw notFound('service', req.params.id);
    const s = await updateService(conn, req.params.id, patch);
    if (!s) throw notFound('service', req.params.id);
    res.json(s);
  });

  r.post('/:id/rotate-routing-key', async (req, res) => {
    const s = await rotateRoutingKey(conn, req.params.id);
    if (!s) throw notFound('service', req.params.id);
    res.json(s);
  });

  r.delete('/:id', async (req, res) => {
    if (!(await deleteService(conn, req.params.id))) throw notFound('service', req.params.id);
    res.status(204).end();
  });

  return r;
}

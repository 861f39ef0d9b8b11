import { Router } from 'express';
import type { AppDeps } from '../app';
import { conflict, notFound } from '../errors';
import { paginationQuery } from '../validation/common';
import { parseInput } from '../validation/parse';
import { createUserBody, updateUserBody } from '../validation/user.schemas';
import { createUser, deleteUser, getUser, listUsers, updateUser } from '../../db/user.repository';
import { schedulesReferencingUser } from '../../db/schedule.repository';
import { policiesReferencingUser } from '../../db/escalation-policy.repository';
import { createSmsOptOutRepository } from '../../db/sms-opt-out.repository';
import type { User } from '../../db/user.repository';

/**
 * /api/v1/users: admin CRUD. Malformed ids are treated as unknown ids (404). Each user shows `smsOptedOut`:
 * whether their number replied STOP (pages then skip SMS, saying so on the timeline; START undoes it).
 */
export function usersRoutes({ conn }: Pick<AppDeps, 'conn'>): Router {
  const r = Router();
  const optOuts = createSmsOptOutRepository(conn);
  const withOptOut = async (users: User[]) => {
    const out = await optOuts.optedOutAmong(users.map((u) => u.phone));
    return users.map((u) => ({ ...u, smsOptedOut: out.has(u.phone) }));
  };
  const one = async (user: User) => (await withOptOut([user]))[0];

  r.post('/', async (req, res) => {
    res.status(201).json(await one(await createUser(conn, parseInput(createUserBody, req.body))));
  });

  r.get('/', async (req, res) => {
    const page = await listUsers(conn, parseInput(paginationQuery, req.query, 'query'));
    res.json({ ...page, data: await withOptOut(page.data) });
  });

  r.get('/:id', async (req, res) => {
    const user = await getUser(conn, req.params.id);
    if (!user) throw notFound('user', req.params.id);
    res.json(await one(user));
  });

  r.patch('/:id', async (req, res) => {
    const patch = parseInput(updateUserBody, req.body);
    const user = await updateUser(conn, req.params.id, patch);
    if (!user) throw notFound('user', req.params.id);
    res.json(await one(user));
  });

  r.delete('/:id', async (req, res) => {
    if (!(await getUser(conn, req.params.id))) throw notFound('user', req.params.id);
    const schedules = await schedulesReferencingUser(conn, req.params.id);
    const policies = await policiesReferencingUser(conn, req.params.id);
    if (schedules.length || policies.length) {
      const where = [...schedules.map((s) => `schedule ${s}`), ...policies.map((p) => `escalation policy ${p}`)];
      throw conflict(`user ${req.params.id} is still referenced by ${where.join(', ')}`, { schedules, policies });
    }
    await deleteUser(conn, req.params.id);
    res.status(204).end();
  });

  return r;
}

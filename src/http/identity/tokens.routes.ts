import { Router } from 'express';
import type { Connection } from 'mongoose';
import { holds } from '../../domain/identity/roles';
import { createToken, getToken, listTokens, revokeToken } from '../../db/identity/tokens.repository';
import { AppError, badRequest, notFound } from '../errors';
import { objectId } from '../validation/common';
import { parseInput } from '../validation/parse';
import { forbidden } from './authorize';
import { createTokenBody } from './identity.schemas';
import { requirePrincipal } from './principal';

/** /api/v1/tokens: personal and service API tokens, shown once, stored as a hash, revocable. */
export function tokensRoutes({ conn }: { conn: Connection }): Router {
  const r = Router();

  r.post('/tokens', async (req, res) => {
    const p = requirePrincipal(res);
    const body = parseInput(createTokenBody, req.body);
    const expiresAt = body.expiresAt ?? null;
    if (expiresAt && expiresAt <= new Date()) throw badRequest('expiresAt: must be in the future', [{ field: 'expiresAt', message: 'must be in the future' }]);
    if (body.kind === 'personal' && !p.userId) throw badRequest('kind: a personal token needs a signed-in person; use kind "service"');
    if (body.kind === 'service') {
      // A service token acts on its own: only an admin mints one beyond manager, and only for teams they manage.
      const ok = p.actor.admin || (body.role !== 'admin' && body.teamIds.length > 0 && body.teamIds.every((t) => holds(p.actor, t, 'manager')));
      if (!ok) throw forbidden('a service token needs an admin, or a manager of every team it names');
    }
    const { token, view } = await createToken(conn, {
      name: body.name,
      kind: body.kind,
      userId: body.kind === 'personal' ? p.userId : null,
      role: body.role,
      teamIds: body.teamIds,
      expiresAt,
      createdBy: p.userId ?? p.name,
    });
    res.status(201).json({ ...view, token });
  });

  r.get('/tokens', async (_req, res) => {
    const p = requirePrincipal(res);
    if (p.actor.admin) return void res.json({ items: await listTokens(conn, {}) });
    res.json({ items: p.userId ? await listTokens(conn, { userId: p.userId }) : [] });
  });

  r.delete('/tokens/:id', async (req, res) => {
    const p = requirePrincipal(res);
    const id = parseInput(objectId, req.params.id);
    const t = await getToken(conn, id);
    if (!t || (!p.actor.admin && t.userId !== p.userId)) throw notFound('token', id);
    const revoked = await revokeToken(conn, id, new Date());
    if (!revoked) throw new AppError('conflict', 'token already revoked', 409);
    res.json(revoked);
  });
  return r;
}

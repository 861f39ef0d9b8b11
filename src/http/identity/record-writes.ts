import type { Request, Response } from 'express';
import type { Connection } from 'mongoose';
import type { Logger } from '../../logger';
import { appendAudit } from '../../db/identity/audit.repository';
import { readResource, redact, TEAM_OWNED, type TeamOwnedKind } from '../../db/identity/resources';
import { assignTeam, setMembership } from '../../db/identity/teams.repository';
import { targetTeam } from './authorize';
import { beforeSend } from './before-send';
import { clientAddress, type Principal } from './principal';
import type { RouteRule } from './route-rules';

const idOf = (body: unknown): string | null =>
  body && typeof body === 'object' && typeof (body as { id?: unknown }).id === 'string' ? (body as { id: string }).id : null;

/**
 * For a write: reads the resource before, and once the handler answers (before the answer leaves) records
 * the new resource's team and appends the audit entry with the before and after values.
 */
export async function recordWrites(
  deps: { conn: Connection; log: Logger },
  req: Request,
  res: Response,
  matched: { key: string; rule: RouteRule; params: Record<string, string> },
  principal: Principal | undefined,
  requestId: string,
): Promise<void> {
  const { rule, params } = matched;
  const audit = rule.audit;
  if (!audit) return;
  const { conn, log } = deps;
  const id = audit.param ? (params[audit.param] ?? null) : null;
  const before = id ? redact(await readResource(conn, audit.resource, id)) : null;
  const creating = req.method === 'POST' && !audit.param;
  const team = creating && principal && (TEAM_OWNED as readonly string[]).includes(audit.resource) ? await targetTeam(conn, principal.actor, req) : null;

  beforeSend(
    res,
    async (body) => {
      if (res.statusCode >= 400) return;
      // A login names its person only once it succeeds.
      const who = (res.locals.principal as Principal | undefined) ?? principal;
      const newId = creating ? idOf(body) : null;
      if (team && newId) await assignTeam(conn, audit.resource as TeamOwnedKind, newId, team);
      if (audit.resource === 'user' && newId && principal) {
        await setMembership(conn, newId, await targetTeam(conn, principal.actor, req), 'responder');
      }
      const resourceId = id ?? newId ?? who?.userId ?? null;
      const stored = id ?? newId ? await readResource(conn, audit.resource, (id ?? newId)!) : null;
      // A soft delete (a revoked token) still has an after; a real delete has none.
      const after = redact(stored ?? (req.method === 'DELETE' ? null : (body ?? null)));
      await appendAudit(conn, {
        at: new Date(),
        actor: { userId: who?.userId ?? null, tokenId: who?.tokenId ?? null, name: who?.name ?? 'anonymous' },
        via: who?.via ?? 'anonymous',
        action: matched.key,
        resource: audit.resource,
        resourceId,
        before,
        after,
        requestId,
        address: clientAddress(req),
        status: res.statusCode,
      });
    },
    (err) => log.error({ err, requestId }, 'could not record a write (team or audit)'),
  );
}

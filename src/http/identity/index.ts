import { Router } from 'express';
import type { AppDeps } from '../app';
import { authenticate } from './authenticate';
import { authRoutes } from './auth.routes';
import { feedTokenRoutes } from './feed-token.routes';
import { oidcRoutes } from './oidc.routes';
import { teamsRoutes } from './teams.routes';
import { tokensRoutes } from './tokens.routes';

export { identityGuard } from './guard.middleware';

/** Logins, sessions, tokens, teams and the audit log, all under /api/v1 behind the identity guard. */
export function identityRoutes(deps: Pick<AppDeps, 'conn' | 'config' | 'log'>): Router {
  const r = Router();
  r.use(authRoutes(deps));
  r.use(oidcRoutes(deps));
  r.use(tokensRoutes(deps));
  r.use(teamsRoutes(deps));
  r.use(feedTokenRoutes(deps));
  return r;
}

/** True when the request carries a working credential (used to decide how much /readyz tells). */
export const isAuthenticated =
  (deps: Pick<AppDeps, 'conn' | 'config' | 'log'>) =>
  async (req: Parameters<typeof authenticate>[1]): Promise<boolean> => {
    const a = await authenticate(deps, req).catch(() => null);
    return !!a && 'principal' in a;
  };

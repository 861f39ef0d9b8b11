import { Router } from 'express';
import { emailActionRoutes, type EmailActionDeps } from './email-actions.routes';

/** Public channel endpoints (no admin token: each carries its own credential): email links, Slack. */
export function channelsRoutes(deps: EmailActionDeps): Router {
  const r = Router();
  r.use('/channels/email', emailActionRoutes(deps));
  return r;
}

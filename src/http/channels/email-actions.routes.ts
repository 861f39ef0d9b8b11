import { Router, type Response } from 'express';
import type { Connection } from 'mongoose';
import { z } from 'zod';
import { actionLinkSecret, verifyActionLink } from '../../channels/action-links';
import type { Config } from '../../config';
import { alertModel } from '../../db/alert.model';
import { consumeNonce, usedNonceModel } from '../../db/channels/channel-state.model';
import { userModel } from '../../db/user.model';
import type { AlertEngine } from '../../temporal/alert-engine';

export interface EmailActionDeps {
  config: Config;
  conn: Connection;
  engine: AlertEngine;
}

/** The path parameter: a token is base64url text, so anything else is refused before any lookup. */
export const emailActionParams = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/).max(2048) });

/**
 * GET /channels/email/actions/:token: the one-click acknowledge/resolve link of a page email. The token
 * is the credential (signed, expiring, single use); every outcome is a small HTML page a person can read.
 */
export function emailActionRoutes(deps: EmailActionDeps): Router {
  const r = Router();
  const secret = actionLinkSecret(deps.config);

  r.get('/actions/:token', async (req, res) => {
    res.set('Cache-Control', 'no-store').set('Referrer-Policy', 'no-referrer');
    const parsed = emailActionParams.safeParse(req.params);
    if (!parsed.success) return page(res, 400, 'This link is not valid', 'The link is damaged or was not made by Nightline.');
    const checked = verifyActionLink(secret, parsed.data.token, new Date());
    if (!checked.ok) {
      return checked.reason === 'expired'
        ? page(res, 410, 'This link has expired', 'Open Nightline, or reply to the page by phone or SMS.')
        : page(res, 400, 'This link is not valid', 'The link is damaged or was not made by Nightline.');
    }
    const { alertId, action, userId, nonce } = checked.claims;
    const [alert, user] = await Promise.all([alertModel(deps.conn).findById(alertId).lean(), userModel(deps.conn).findById(userId).lean()]);
    if (!alert) return page(res, 404, 'Alert not found', 'This alert no longer exists.');
    if (!(await consumeNonce(deps.conn, nonce, new Date()))) {
      return page(res, 409, 'This link has already been used', `The alert is ${alert.status} now.`);
    }
    const by = user?.name ?? userId;
    let result;
    try {
      result = action === 'acknowledge' ? await deps.engine.acknowledge(alertId, by, 'email') : await deps.engine.resolve(alertId, by, 'email');
    } catch (err) {
      await usedNonceModel(deps.conn).deleteOne({ _id: nonce }); // nothing happened: the link may be tried again
      throw err;
    }
    const done = action === 'acknowledge' ? 'acknowledged' : 'resolved';
    if (result.ok) return page(res, 200, `Alert ${done}`, `“${alert.title}” is ${done} by ${by}.`);
    return page(res, 200, `Nothing to do: the alert is ${result.status}`, result.message);
  });
  return r;
}

function page(res: Response, status: number, heading: string, body: string): void {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  res
    .status(status)
    .type('html')
    .send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Nightline: ${esc(heading)}</title></head><body><h1>${esc(heading)}</h1><p>${esc(body)}</p></body></html>`);
}

import express, { Router, type Response } from 'express';
import type { Connection } from 'mongoose';
import { z } from 'zod';
import { actionLinkSecret, verifyActionLink, type ActionClaims } from '../../channels/action-links';
import type { Config } from '../../config';
import { alertModel, type AlertDoc } from '../../db/alert.model';
import { consumeNonce, usedNonceModel } from '../../db/channels/channel-state.model';
import { userModel } from '../../db/user.model';
import type { AlertEngine } from '../../temporal/alert-engine';
import { confirmPage, page } from './email-action-pages';

export interface EmailActionDeps {
  config: Config;
  conn: Connection;
  engine: AlertEngine;
}

/** A token is base64url text, so anything else is refused before any lookup. */
const tokenText = z.string().regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/).max(2048);
/** The path parameter of the link in the email. */
export const emailActionParams = z.object({ token: tokenText });
/** The confirm page's form: the same token, sent in the body (never in a query string). */
export const emailActionForm = z.object({ token: tokenText });

const FORM_LIMIT = '8kb';

type Checked = { ok: true; claims: ActionClaims; alert: AlertDoc } | { ok: false };

/**
 * One-click acknowledge/resolve links of page emails. Mail scanners fetch every link in a message, so the
 * GET only shows a confirm page (it never acts); its button POSTs the token in the form body, and the POST
 * acts. The token is the credential and the CSRF proof at once (signed, expiring, single use): a forged
 * form cannot carry a valid one. Every outcome is a small HTML page a person can read.
 */
export function emailActionRoutes(deps: EmailActionDeps): Router {
  const r = Router();
  const secret = actionLinkSecret(deps.config);

  /** Signature, expiry, the alert, and (for the GET, read only) whether the link was used already. */
  async function check(res: Response, token: string | undefined): Promise<Checked> {
    const checked = token === undefined ? ({ ok: false, reason: 'invalid' } as const) : verifyActionLink(secret, token, new Date());
    if (!checked.ok) {
      if (checked.reason === 'expired') page(res, 410, 'This link has expired', 'Open Nightline, or reply to the page by phone or SMS.');
      else page(res, 400, 'This link is not valid', 'The link is damaged or was not made by Nightline.');
      return { ok: false };
    }
    const alert = await alertModel(deps.conn).findById(checked.claims.alertId).lean<AlertDoc>();
    if (!alert) {
      page(res, 404, 'Alert not found', 'This alert no longer exists.');
      return { ok: false };
    }
    return { ok: true, claims: checked.claims, alert };
  }

  const noStore = (res: Response) => res.set('Cache-Control', 'no-store').set('Referrer-Policy', 'no-referrer');

  r.get('/actions/:token', async (req, res) => {
    noStore(res);
    const parsed = emailActionParams.safeParse(req.params);
    const c = await check(res, parsed.success ? parsed.data.token : undefined);
    if (!c.ok) return;
    if (await usedNonceModel(deps.conn).exists({ _id: c.claims.nonce })) {
      return page(res, 409, 'This link has already been used', `The alert is ${c.alert.status} now.`);
    }
    confirmPage(res, { action: c.claims.action, title: c.alert.title, status: c.alert.status, token: parsed.data!.token });
  });

  r.post('/actions', express.urlencoded({ extended: false, limit: FORM_LIMIT }), async (req, res) => {
    noStore(res);
    const parsed = emailActionForm.safeParse(req.body ?? {});
    const c = await check(res, parsed.success ? parsed.data.token : undefined);
    if (!c.ok) return;
    const { alertId, action, userId, nonce } = c.claims;
    if (!(await consumeNonce(deps.conn, nonce, new Date()))) {
      return page(res, 409, 'This link has already been used', `The alert is ${c.alert.status} now.`);
    }
    const user = await userModel(deps.conn).findById(userId).lean();
    const by = user?.name ?? userId;
    let result;
    try {
      const actor = { name: by, userId };
      result = action === 'acknowledge' ? await deps.engine.acknowledge(alertId, actor, 'email') : await deps.engine.resolve(alertId, actor, 'email');
    } catch (err) {
      await usedNonceModel(deps.conn).deleteOne({ _id: nonce }); // nothing happened: the link may be tried again
      throw err;
    }
    const done = action === 'acknowledge' ? 'acknowledged' : 'resolved';
    if (result.ok) return page(res, 200, `Alert ${done}`, `“${c.alert.title}” is ${done} by ${by}.`);
    return page(res, 200, `Nothing to do: the alert is ${result.status}`, result.message);
  });
  return r;
}

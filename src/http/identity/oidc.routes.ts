import { randomBytes } from 'node:crypto';
import { Router } from 'express';
import * as oidc from 'openid-client';
import { z } from 'zod';
import { ROLES } from '../../domain/identity/roles';
import { oidcFlowModel } from '../../db/identity/oidc-flow.model';
import { sha256 } from '../../db/identity/secrets';
import { personForSso, type GroupMap } from '../../db/identity/sso-people';
import { AppError } from '../errors';
import { cookieOptions, startSession, type AuthRouteDeps } from './auth.routes';
import { readCookie } from './principal';

const FLOW_COOKIE = 'nightline_oidc';
const FLOW_TTL_MS = 10 * 60_000;
const groupMapSchema = z.record(z.string(), z.strictObject({ team: z.string().min(1).max(100), role: z.enum(ROLES) }));

const ssoOff = () => new AppError('not_found', 'single sign-on is not configured (OIDC_ISSUER)', 404);

/**
 * Single sign-on with OpenID Connect through openid-client: authorization code flow with PKCE, state and
 * nonce. The attempt is bound to the browser by a short-lived HttpOnly cookie; openid-client checks the
 * state, the nonce in the ID token, and the PKCE verifier.
 */
export function oidcRoutes(deps: AuthRouteDeps): Router {
  const { conn, config, log } = deps;
  const r = Router();
  const redirectUri = `${config.PUBLIC_URL}/api/v1/auth/oidc/callback`;
  const groupMap: GroupMap = groupMapSchema.parse(JSON.parse(config.OIDC_GROUP_MAP));
  let discovered: Promise<oidc.Configuration> | undefined;
  const client = () => {
    if (!config.OIDC_ISSUER || !config.OIDC_CLIENT_ID) throw ssoOff();
    const issuer = new URL(config.OIDC_ISSUER);
    // Plain http only for a loopback provider (dev and tests); anything else must be https.
    const local = issuer.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname);
    discovered ??= oidc
      .discovery(issuer, config.OIDC_CLIENT_ID, config.OIDC_CLIENT_SECRET, undefined, local ? { execute: [oidc.allowInsecureRequests] } : undefined)
      .catch((err: unknown) => {
        discovered = undefined;
        throw err;
      });
    return discovered;
  };

  r.get('/auth/oidc/login', async (_req, res) => {
    const cfg = await client();
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const key = randomBytes(32).toString('base64url');
    await oidcFlowModel(conn).create({ key: sha256(key), state, nonce, verifier, expiresAt: new Date(Date.now() + FLOW_TTL_MS) });
    const url = oidc.buildAuthorizationUrl(cfg, {
      redirect_uri: redirectUri,
      scope: `openid email profile phone ${config.OIDC_GROUPS_CLAIM}`,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    res.cookie(FLOW_COOKIE, key, { ...cookieOptions(config), maxAge: FLOW_TTL_MS });
    res.redirect(302, url.href);
  });

  r.get('/auth/oidc/callback', async (req, res) => {
    const cfg = await client();
    const key = readCookie(req, FLOW_COOKIE);
    const flow = key ? await oidcFlowModel(conn).findOneAndDelete({ key: sha256(key) }).lean() : null;
    res.clearCookie(FLOW_COOKIE, cookieOptions(config));
    if (!flow || flow.expiresAt <= new Date()) throw new AppError('sso_failed', 'no sign-in in progress in this browser; start again', 400);
    let claims: Record<string, unknown>;
    try {
      const tokens = await oidc.authorizationCodeGrant(cfg, new URL(req.originalUrl, config.PUBLIC_URL), {
        pkceCodeVerifier: flow.verifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      });
      claims = { ...tokens.claims() };
      const info = await oidc.fetchUserInfo(cfg, tokens.access_token, String(claims.sub));
      claims = { ...info, ...claims };
    } catch (err) {
      log.warn({ err: err instanceof Error ? err.message : String(err) }, 'SSO callback refused');
      throw new AppError('sso_failed', 'the sign-in answer did not check out (state, nonce or code)', 401);
    }
    const rawGroups = claims[config.OIDC_GROUPS_CLAIM];
    const outcome = await personForSso(
      conn,
      {
        email: typeof claims.email === 'string' ? claims.email : undefined,
        email_verified: claims.email_verified === true,
        name: typeof claims.name === 'string' ? claims.name : undefined,
        phone_number: typeof claims.phone_number === 'string' ? claims.phone_number : undefined,
        groups: Array.isArray(rawGroups) ? rawGroups.filter((g): g is string => typeof g === 'string') : [],
      },
      groupMap,
      config.OIDC_UNKNOWN_USERS,
    );
    if ('refused' in outcome) throw new AppError('sso_refused', outcome.refused, 403);
    await startSession(deps, req, res, outcome.userId, 'oidc');
    res.redirect(303, `${config.PUBLIC_URL}/`);
  });
  return r;
}

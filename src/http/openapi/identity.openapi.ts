import { z } from 'zod';
import { ROLES } from '../../domain/identity/roles';
import { auditQuery, createTeamBody, createTokenBody, loginBody, membershipBody, setPasswordBody } from '../identity/identity.schemas';
import { docGroup } from './registry';

/**
 * Docs for logins, sessions, SSO, API tokens, teams, one-time password links, the audit log and calendar feed
 * tokens (src/http/identity). Login, set-password and SSO are public; everything else takes a bearer token or
 * the session cookie with its X-CSRF-Token header.
 */

const v1 = '/api/v1';
const nullable = <T extends z.ZodType>(t: T) => t.nullable();
const instant = z.string().meta({ format: 'date-time' });
const role = z.enum(ROLES);

const me = z
  .looseObject({
    user: nullable(z.looseObject({ id: z.string(), name: z.string(), email: z.string() })),
    via: z.enum(['session', 'token', 'admin-token']),
    admin: z.boolean(),
    teams: z.array(z.looseObject({ id: z.string(), name: z.string(), role })),
    csrfToken: nullable(z.string()).meta({ description: 'Send it as X-CSRF-Token on every write made with the session cookie' }),
  })
  .meta({ id: 'Me' });

const token = z
  .looseObject({
    id: z.string(),
    name: z.string(),
    kind: z.enum(['personal', 'service']),
    userId: nullable(z.string()),
    role,
    teamIds: z.array(z.string()),
    expiresAt: nullable(instant),
    lastUsedAt: nullable(instant),
    revokedAt: nullable(instant),
    createdAt: instant,
  })
  .meta({ id: 'ApiToken' });

const team = z.looseObject({ id: z.string(), name: z.string(), isDefault: z.boolean() }).meta({ id: 'Team' });
const teamWithMembers = team.extend({
  members: z.array(z.looseObject({ userId: z.string(), role })),
  /** The schedules, escalation policies, services and phone lines the team owns. */
  resources: z.array(z.looseObject({ kind: z.enum(['schedule', 'escalation-policy', 'service', 'phone-line']), id: z.string() })),
});
const audit = z
  .looseObject({
    id: z.string(),
    at: instant,
    actor: z.looseObject({ userId: nullable(z.string()), tokenId: nullable(z.string()), name: z.string() }),
    via: z.string(),
    action: z.string(),
    resource: z.string(),
    resourceId: nullable(z.string()),
    status: z.int(),
    /** The resource as it was before the write and after it (secrets redacted); null when there was none. */
    before: z.unknown().optional(),
    after: z.unknown().optional(),
  })
  .meta({ id: 'AuditEntry' });
const redirect = (description: string) => ({
  description,
  headers: { Location: { description: 'Where the browser goes next', schema: { type: 'string' as const } } },
});

export const identityDocs = docGroup({
  tag: 'Identity',
  description: 'Sign-in (password or OpenID Connect), sessions, API tokens, teams and roles, and the audit log.',
  auth: 'bearer',
  operations: [
    {
      method: 'post',
      path: `${v1}/auth/login`,
      operationId: 'login',
      summary: 'Sign in with email and password: sets the HttpOnly session cookie and returns the CSRF token',
      auth: 'none',
      body: { schema: loginBody, example: { email: 'ada@example.com', password: 'correct horse battery staple' } },
      responses: { 200: { description: 'Signed in', schema: me } },
      errors: [401, 429],
    },
    {
      method: 'get',
      path: `${v1}/auth/me`,
      operationId: 'getMe',
      summary: 'Who the caller is, their teams and roles, and (for a session) the CSRF token',
      responses: { 200: { description: 'The caller', schema: me } },
    },
    {
      method: 'post',
      path: `${v1}/auth/logout`,
      operationId: 'logout',
      summary: 'End this session and clear its cookie',
      responses: { 204: { description: 'Signed out' } },
    },
    {
      method: 'post',
      path: `${v1}/auth/logout-everywhere`,
      operationId: 'logoutEverywhere',
      summary: "End every session of the caller's person",
      responses: { 200: { description: 'Sessions ended', schema: z.looseObject({ ended: z.int() }) } },
      errors: [400],
    },
    {
      method: 'post',
      path: `${v1}/auth/password`,
      operationId: 'setPassword',
      summary: "Set or reset a password with the secret of a one-time link; every session of that person ends",
      auth: 'none',
      body: { schema: setPasswordBody, example: { token: 'k3J9x0a1b2c3d4e5f6g7h8i9', password: 'a long passphrase here' } },
      responses: { 204: { description: 'Password set' } },
    },
    {
      method: 'get',
      path: `${v1}/auth/oidc/login`,
      operationId: 'oidcLogin',
      summary: 'Start single sign-on: redirects to the OpenID Connect provider (404 when OIDC_ISSUER is not set)',
      auth: 'none',
      responses: { 302: redirect("To the provider's authorization endpoint") },
      errors: [404],
    },
    {
      method: 'get',
      path: `${v1}/auth/oidc/callback`,
      operationId: 'oidcCallback',
      summary: "The provider's answer (code and state in the query): starts a session and redirects to the console",
      auth: 'none',
      responses: { 303: redirect('To the console, signed in') },
      errors: [400, 401, 403, 404],
    },
    {
      method: 'post',
      path: `${v1}/tokens`,
      operationId: 'createToken',
      summary: 'Mint a personal or service API token (the secret is returned only here)',
      body: { schema: createTokenBody, example: { name: 'grafana', kind: 'service', role: 'responder', teamIds: ['665f1c2b9d3e4a0012345678'] } },
      responses: { 201: { description: 'Created', schema: token.extend({ token: z.string() }) } },
      errors: [403],
      links: { revokeToken: { operationId: 'revokeToken', parameters: { id: '$response.body#/id' } } },
    },
    {
      method: 'get',
      path: `${v1}/tokens`,
      operationId: 'listTokens',
      summary: "The caller's tokens (every token for an admin), without secrets",
      responses: { 200: { description: 'Tokens', schema: z.looseObject({ items: z.array(token) }) } },
    },
    {
      method: 'delete',
      path: `${v1}/tokens/{id}`,
      operationId: 'revokeToken',
      summary: 'Revoke a token: it stops working at once',
      responses: { 200: { description: 'Revoked', schema: token } },
      errors: [409],
    },
    {
      method: 'post',
      path: `${v1}/teams`,
      operationId: 'createTeam',
      summary: 'Create a team',
      body: { schema: createTeamBody, example: { name: 'Platform' } },
      responses: { 201: { description: 'Created', schema: team } },
      errors: [409],
    },
    {
      method: 'get',
      path: `${v1}/teams`,
      operationId: 'listTeams',
      summary: 'Every team with its members and their roles, and the resources it owns',
      responses: { 200: { description: 'Teams', schema: z.looseObject({ items: z.array(teamWithMembers) }) } },
    },
    {
      method: 'put',
      path: `${v1}/teams/{id}/members/{userId}`,
      operationId: 'setTeamMember',
      summary: "Add a person to a team or change their role there (only an admin grants admin)",
      body: { schema: membershipBody, example: { role: 'responder' } },
      responses: { 200: { description: 'Saved', schema: z.looseObject({ teamId: z.string(), userId: z.string(), role }) } },
      errors: [403],
    },
    {
      method: 'delete',
      path: `${v1}/teams/{id}/members/{userId}`,
      operationId: 'removeTeamMember',
      summary: 'Remove a person from a team',
      responses: { 204: { description: 'Removed' } },
    },
    {
      method: 'post',
      path: `${v1}/users/{id}/password-link`,
      operationId: 'createPasswordLink',
      summary: 'A one-time link (24 h) for the person to set their password; the secret is in the URL fragment',
      responses: {
        201: {
          description: 'Created',
          schema: z.looseObject({ userId: z.string(), link: z.string(), token: z.string(), expiresAt: instant }),
        },
      },
    },
    {
      method: 'get',
      path: `${v1}/audit`,
      operationId: 'listAudit',
      summary: 'The audit log, newest first: who changed what, before and after',
      query: auditQuery,
      responses: { 200: { description: 'Entries', schema: z.looseObject({ items: z.array(audit) }) } },
    },
    {
      method: 'post',
      path: `${v1}/schedules/{id}/rotate-feed-token`,
      operationId: 'rotateFeedToken',
      summary: "A new calendar feed token for a schedule; the old feed link stops working at once",
      responses: { 200: { description: 'The new feed link', schema: z.looseObject({ id: z.string(), calendarFeed: z.string() }) } },
    },
  ],
});

import type { Role } from '../../domain/identity/roles';
import type { ResourceKind, TeamOwnedKind } from '../../db/identity/resources';

/**
 * Who may call what: ONE table keyed by method + full route pattern, applied by the identity guard.
 * A route with no row here is refused to everyone but an admin, and fails the authorization matrix test.
 */
export type Access =
  /** No credential needed (login, health). */
  | { kind: 'public' }
  /** The route checks its own secret: Twilio signature, routing key, calendar feed token, metrics token. */
  | { kind: 'own-auth' }
  /** Any signed-in person or token; the handler narrows to the caller's own things. */
  | { kind: 'signed-in' }
  | { kind: 'admin' }
  /** The role in at least one team (lists and resources without a team). */
  | { kind: 'any-team'; need: Role }
  /** The role in the team owning the resource named by the path parameter. */
  | { kind: 'team'; need: Role; resource: TeamOwnedKind | 'alert' | 'team'; param: string }
  /** Manager of the team the new resource goes into (X-Team-Id header, or the caller's only managed team). */
  | { kind: 'create'; resource: TeamOwnedKind }
  /** Manager of the schedule's team, or a responder in it who is on the schedule. */
  | { kind: 'schedule-member'; param: string }
  /** Someone with `need` in a team the person is in, or (when `self`) the person themself. */
  | { kind: 'person'; need: Role; param: string; self: boolean };

export interface RouteRule {
  access: Access;
  /** Writes name what they change, for the audit log; `param` holds its id (absent on create). */
  audit?: { resource: ResourceKind; param?: string };
  /** Acknowledge/resolve/escalate: the acting person is the caller, whatever the body says. */
  actorInBody?: boolean;
}

const A = '/api/v1';
const viewer = { kind: 'any-team', need: 'viewer' } as const;
const teamRead = (resource: TeamOwnedKind | 'alert', param = 'id'): Access => ({ kind: 'team', need: 'viewer', resource, param });
const teamManage = (resource: TeamOwnedKind, param = 'id'): Access => ({ kind: 'team', need: 'manager', resource, param });
const member: Access = { kind: 'schedule-member', param: 'id' };
const scheduleRead = teamRead('schedule');
const scheduleManage = teamManage('schedule');

/** Standard CRUD rows for a team-owned collection. */
function crud(path: string, resource: TeamOwnedKind, methods: string[]): Record<string, RouteRule> {
  const rows: Record<string, RouteRule> = {
    [`POST ${path}`]: { access: { kind: 'create', resource }, audit: { resource } },
    [`GET ${path}`]: { access: viewer },
    [`GET ${path}/:id`]: { access: teamRead(resource) },
  };
  for (const m of methods) rows[`${m} ${path}/:id`] = { access: teamManage(resource), audit: { resource, param: 'id' } };
  return rows;
}

/** Overrides and time off: schedule members manage their own entries. */
function scheduleSub(name: string, resource: ResourceKind, idParam: string): Record<string, RouteRule> {
  const base = `${A}/schedules/:id/${name}`;
  return {
    [`POST ${base}`]: { access: member, audit: { resource } },
    [`GET ${base}`]: { access: scheduleRead },
    [`GET ${base}/:${idParam}`]: { access: scheduleRead },
    [`PATCH ${base}/:${idParam}`]: { access: member, audit: { resource, param: idParam } },
    [`DELETE ${base}/:${idParam}`]: { access: member, audit: { resource, param: idParam } },
  };
}

const alertAction = (): RouteRule => ({
  access: { kind: 'team', need: 'responder', resource: 'alert', param: 'id' },
  audit: { resource: 'alert', param: 'id' },
  actorInBody: true,
});

export const ROUTE_RULES: Readonly<Record<string, RouteRule>> = Object.freeze({
  'GET /healthz': { access: { kind: 'public' } },
  'GET /readyz': { access: { kind: 'public' } },
  'GET /metrics': { access: { kind: 'own-auth' } },
  'POST /v2/enqueue': { access: { kind: 'own-auth' } },
  'POST /integrations/alertmanager/:routingKey': { access: { kind: 'own-auth' } },
  'POST /twilio/*path': { access: { kind: 'own-auth' } },
  [`GET ${A}/schedules/:id/calendar.ics`]: { access: { kind: 'own-auth' } },
  'GET /openapi.json': { access: { kind: 'public' } },
  'GET /docs': { access: { kind: 'public' } },
  'GET /docs/init.js': { access: { kind: 'public' } },
  // One-click email links carry their own signed, expiring, single-use token; Slack requests are signed.
  'GET /channels/email/actions/:token': { access: { kind: 'own-auth' } },
  'POST /channels/email/actions': { access: { kind: 'own-auth' } },
  'POST /slack/interactions': { access: { kind: 'own-auth' } },
  'POST /slack/commands': { access: { kind: 'own-auth' } },

  [`POST ${A}/auth/login`]: { access: { kind: 'public' }, audit: { resource: 'session' } },
  [`POST ${A}/auth/password`]: { access: { kind: 'public' }, audit: { resource: 'password' } },
  [`GET ${A}/auth/oidc/login`]: { access: { kind: 'public' } },
  [`GET ${A}/auth/oidc/callback`]: { access: { kind: 'public' } },
  [`POST ${A}/auth/logout`]: { access: { kind: 'signed-in' }, audit: { resource: 'session' } },
  [`POST ${A}/auth/logout-everywhere`]: { access: { kind: 'signed-in' }, audit: { resource: 'session' } },
  [`GET ${A}/auth/me`]: { access: { kind: 'signed-in' } },
  [`POST ${A}/tokens`]: { access: { kind: 'signed-in' }, audit: { resource: 'api-token' } },
  [`GET ${A}/tokens`]: { access: { kind: 'signed-in' } },
  [`DELETE ${A}/tokens/:id`]: { access: { kind: 'signed-in' }, audit: { resource: 'api-token', param: 'id' } },
  [`POST ${A}/teams`]: { access: { kind: 'admin' }, audit: { resource: 'team' } },
  [`GET ${A}/teams`]: { access: { kind: 'signed-in' } },
  [`PUT ${A}/teams/:id/members/:userId`]: {
    access: { kind: 'team', need: 'manager', resource: 'team', param: 'id' },
    audit: { resource: 'membership' },
  },
  [`DELETE ${A}/teams/:id/members/:userId`]: {
    access: { kind: 'team', need: 'manager', resource: 'team', param: 'id' },
    audit: { resource: 'membership' },
  },
  [`GET ${A}/teams/:id/debrief`]: { access: { kind: 'team', need: 'viewer', resource: 'team', param: 'id' } },
  [`PUT ${A}/teams/:id/debrief`]: {
    access: { kind: 'team', need: 'manager', resource: 'team', param: 'id' },
    audit: { resource: 'team', param: 'id' },
  },
  [`GET ${A}/audit`]: { access: { kind: 'any-team', need: 'manager' } },

  ...crud(`${A}/schedules`, 'schedule', ['PATCH', 'DELETE']),
  ...scheduleSub('overrides', 'override', 'overrideId'),
  ...scheduleSub('time-off', 'time-off', 'timeOffId'),
  [`POST ${A}/schedules/:id/swaps`]: { access: member, audit: { resource: 'swap' } },
  [`DELETE ${A}/schedules/:id/swaps/:swapId`]: { access: member, audit: { resource: 'swap' } },
  [`GET ${A}/schedules/:id/fairness`]: { access: scheduleRead },
  [`POST ${A}/schedules/:id/holidays`]: { access: scheduleManage, audit: { resource: 'holiday' } },
  [`POST ${A}/schedules/:id/holidays/import`]: { access: scheduleManage, audit: { resource: 'holiday' } },
  [`GET ${A}/schedules/:id/holidays`]: { access: scheduleRead },
  [`DELETE ${A}/schedules/:id/holidays/:holidayId`]: {
    access: scheduleManage,
    audit: { resource: 'holiday', param: 'holidayId' },
  },
  [`POST ${A}/schedules/:id/rotate-feed-token`]: { access: scheduleManage, audit: { resource: 'schedule', param: 'id' } },
  [`GET ${A}/schedules/:id/oncall`]: { access: scheduleRead },
  [`GET ${A}/schedules/:id/shifts`]: { access: scheduleRead },
  [`GET ${A}/schedules/:id/layers/shifts`]: { access: scheduleRead },
  [`GET ${A}/on-call`]: { access: viewer },

  ...crud(`${A}/escalation-policies`, 'escalation-policy', ['PUT', 'PATCH', 'DELETE']),
  ...crud(`${A}/services`, 'service', ['PATCH', 'DELETE']),
  [`POST ${A}/escalation-policies/:id/dry-run`]: { access: teamRead('escalation-policy') },
  // Dev phone (console): the loopback Twilio simulator's phones; 404 unless that simulator runs.
  [`GET ${A}/dev-phone`]: { access: { kind: 'signed-in' } },
  [`POST ${A}/dev-phone/phones/:number/next-call`]: { access: { kind: 'signed-in' } },
  [`POST ${A}/dev-phone/sms`]: { access: { kind: 'signed-in' } },
  [`POST ${A}/dev-phone/calls`]: { access: { kind: 'signed-in' } },
  [`GET ${A}/dev-phone/calls/:sid`]: { access: { kind: 'signed-in' } },
  [`POST ${A}/dev-phone/lines/:id/call`]: { access: { kind: 'signed-in' } },
  [`POST ${A}/services/:id/webhooks`]: { access: teamManage('service'), audit: { resource: 'service', param: 'id' } },
  [`GET ${A}/services/:id/webhooks`]: { access: teamRead('service') },
  [`DELETE ${A}/services/:id/webhooks/:webhookId`]: { access: teamManage('service'), audit: { resource: 'service', param: 'id' } },
  [`GET ${A}/services/:id/webhook-deliveries`]: { access: teamRead('service') },
  [`PUT ${A}/services/:id/slack`]: { access: teamManage('service'), audit: { resource: 'service', param: 'id' } },
  [`GET ${A}/services/:id/slack`]: { access: teamRead('service') },
  [`POST ${A}/services/:id/rotate-routing-key`]: {
    access: teamManage('service'),
    audit: { resource: 'service', param: 'id' },
  },
  ...crud(`${A}/phone-lines`, 'phone-line', ['PATCH', 'DELETE']),
  [`GET ${A}/phone-lines/:id/calls`]: { access: teamRead('phone-line') },

  [`POST ${A}/alerts`]: { access: { kind: 'any-team', need: 'responder' }, audit: { resource: 'alert' } },
  [`GET ${A}/alerts`]: { access: viewer },
  [`GET ${A}/alerts/:id`]: { access: teamRead('alert') },
  [`POST ${A}/alerts/:id/acknowledge`]: alertAction(),
  [`POST ${A}/alerts/:id/resolve`]: alertAction(),
  [`POST ${A}/alerts/:id/escalate`]: alertAction(),
  [`GET ${A}/reports/fatigue`]: { access: viewer },
  [`GET ${A}/reports/debrief`]: { access: viewer },

  [`POST ${A}/users`]: { access: { kind: 'any-team', need: 'manager' }, audit: { resource: 'user' } },
  [`GET ${A}/users`]: { access: viewer },
  [`GET ${A}/users/:id`]: { access: { kind: 'person', need: 'viewer', param: 'id', self: true } },
  [`PATCH ${A}/users/:id`]: {
    access: { kind: 'person', need: 'manager', param: 'id', self: true },
    audit: { resource: 'user', param: 'id' },
  },
  [`DELETE ${A}/users/:id`]: { access: { kind: 'person', need: 'manager', param: 'id', self: false }, audit: { resource: 'user', param: 'id' } },
  // "Send me a test call/SMS": the person themself (a responder) or an admin; the router rate-limits it.
  [`POST ${A}/users/:id/test-call`]: { access: { kind: 'person', need: 'admin', param: 'id', self: true }, audit: { resource: 'user', param: 'id' } },
  [`POST ${A}/users/:id/test-sms`]: { access: { kind: 'person', need: 'admin', param: 'id', self: true }, audit: { resource: 'user', param: 'id' } },
  [`POST ${A}/users/:id/password-link`]: {
    access: { kind: 'person', need: 'manager', param: 'id', self: false },
    audit: { resource: 'password', param: 'id' },
  },

  [`POST ${A}/runbooks`]: { access: { kind: 'any-team', need: 'manager' }, audit: { resource: 'runbook' } },
  [`GET ${A}/runbooks`]: { access: viewer },
  [`GET ${A}/runbooks/:id`]: { access: viewer },
  [`GET ${A}/runbooks/:id/resolve`]: { access: viewer },
  [`DELETE ${A}/runbooks/:id`]: { access: { kind: 'any-team', need: 'manager' }, audit: { resource: 'runbook', param: 'id' } },
});

import { z } from 'zod';
import { serviceChannelsDocs } from '../channels/channels.openapi';
import { createTeamBody, createTokenBody, auditQuery, membershipBody, setPasswordBody } from '../identity/identity.schemas';
import { debriefQuery } from '../routes/debrief.routes';
import { docGroup } from './registry';
import { anyObject } from './responses.openapi';

/** Docs for the identity routes (tokens, teams, audit, password links, OIDC), the debrief report and the channels. */

const v1 = '/api/v1';
const items = z.looseObject({ items: z.array(anyObject) });

export const identityDocs = docGroup({
  tag: 'Identity',
  description: 'API tokens, teams and roles, the audit log, password links and single sign-on.',
  auth: 'bearer',
  operations: [
    {
      method: 'post',
      path: `${v1}/auth/logout-everywhere`,
      operationId: 'logoutEverywhere',
      summary: "End every session of the caller's person",
      responses: { 200: { description: 'OK', schema: z.looseObject({ ended: z.int() }) } },
    },
    {
      method: 'post',
      path: `${v1}/auth/password`,
      operationId: 'setPassword',
      summary: 'Set or reset a password with the secret of a one-time link (ends every session of that person)',
      auth: 'none',
      body: { schema: setPasswordBody },
      responses: { 204: { description: 'Password set' } },
    },
    {
      method: 'get',
      path: `${v1}/auth/oidc/login`,
      operationId: 'oidcLogin',
      summary: 'Start single sign-on: redirects to the identity provider (404 when OIDC is not configured)',
      auth: 'none',
      responses: { 302: { description: 'To the identity provider' } },
      errors: [404],
    },
    {
      method: 'get',
      path: `${v1}/auth/oidc/callback`,
      operationId: 'oidcCallback',
      summary: "The identity provider's answer: starts a session and redirects to the console",
      auth: 'none',
      responses: { 302: { description: 'To the console' } },
      errors: [400, 404],
    },
    {
      method: 'post',
      path: `${v1}/tokens`,
      operationId: 'createToken',
      summary: 'Create a personal or service API token (the secret is returned only here)',
      body: { schema: createTokenBody, example: { name: 'ci', kind: 'personal', role: 'responder' } },
      responses: { 201: { description: 'Created', schema: z.looseObject({ id: z.string(), token: z.string() }) } },
      errors: [403],
    },
    {
      method: 'get',
      path: `${v1}/tokens`,
      operationId: 'listTokens',
      summary: "The caller's tokens (every token for an admin), without secrets",
      responses: { 200: { description: 'OK', schema: items } },
    },
    {
      method: 'delete',
      path: `${v1}/tokens/{id}`,
      operationId: 'revokeToken',
      summary: 'Revoke a token',
      responses: { 200: { description: 'Revoked', schema: anyObject } },
      errors: [404, 409],
    },
    {
      method: 'post',
      path: `${v1}/teams`,
      operationId: 'createTeam',
      summary: 'Create a team',
      body: { schema: createTeamBody, example: { name: 'Platform' } },
      responses: { 201: { description: 'Created', schema: anyObject } },
      errors: [403, 409],
    },
    {
      method: 'get',
      path: `${v1}/teams`,
      operationId: 'listTeams',
      summary: 'Teams and their members',
      responses: { 200: { description: 'OK', schema: anyObject } },
    },
    {
      method: 'put',
      path: `${v1}/teams/{id}/members/{userId}`,
      operationId: 'setTeamMember',
      summary: "Add a person to a team, or change their role",
      body: { schema: membershipBody, example: { role: 'responder' } },
      responses: { 200: { description: 'OK', schema: anyObject } },
      errors: [403, 404],
    },
    {
      method: 'delete',
      path: `${v1}/teams/{id}/members/{userId}`,
      operationId: 'removeTeamMember',
      summary: 'Remove a person from a team',
      responses: { 200: { description: 'OK', schema: anyObject } },
      errors: [403, 404],
    },
    {
      method: 'post',
      path: `${v1}/users/{id}/password-link`,
      operationId: 'createPasswordLink',
      summary: 'A one-time link with which the person sets their password',
      responses: {
        201: {
          description: 'Created',
          schema: z.looseObject({ userId: z.string(), link: z.string(), token: z.string(), expiresAt: z.string() }),
        },
      },
      errors: [403],
    },
    {
      method: 'get',
      path: `${v1}/audit`,
      operationId: 'listAudit',
      summary: 'Who changed what, newest first',
      query: auditQuery,
      responses: { 200: { description: 'OK', schema: items } },
      errors: [403],
    },
    {
      method: 'post',
      path: `${v1}/schedules/{id}/rotate-feed-token`,
      operationId: 'rotateFeedToken',
      summary: "New secret for the schedule's iCal feed (the old feed URL stops working)",
      responses: { 200: { description: 'OK', schema: z.looseObject({ id: z.string(), calendarFeed: z.string() }) } },
    },
    {
      method: 'get',
      path: `${v1}/reports/debrief`,
      operationId: 'debriefReport',
      summary: 'The night before `date` (18:00 to 08:00 local), as the morning debrief sends it',
      query: debriefQuery,
      responses: { 200: { description: 'OK', schema: anyObject } },
    },
  ],
});

export const serviceChannelDocs = docGroup(serviceChannelsDocs);

export const emailActionDocs = docGroup({
  tag: 'Channels',
  description: 'One-click links in page emails.',
  auth: 'none',
  operations: [
    {
      method: 'get',
      path: '/channels/email/actions/{token}',
      operationId: 'emailAction',
      summary: 'Acknowledge or resolve an alert from a page email (the signed, expiring, single-use token is the credential)',
      responses: { 200: { description: 'Done, or nothing to do (the page says which)', contentType: 'text/html', schema: z.string() } },
      errors: [400, 404, 409, 410],
    },
  ],
});

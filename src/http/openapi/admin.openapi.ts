import { z } from 'zod';
import { alertActionBody, createAlertBody, listAlertsQuery } from '../validation/alert.schemas';
import { paginationQuery } from '../validation/common';
import { createPolicyBody, updatePolicyBody } from '../validation/escalation-policy.schemas';
import { createServiceBody, listServicesQuery, updateServiceBody } from '../validation/service.schemas';
import { createUserBody, updateUserBody } from '../validation/user.schemas';
import { createPhoneLineBody, lineCallsQuery, updatePhoneLineBody } from '../routes/phone-lines.routes';
import { importQuery, resolveQuery } from '../routes/runbooks.routes';
import { docGroup } from './registry';
import * as R from './responses.openapi';

/** Docs for /api/v1 users, escalation policies, services, phone lines, alerts and runbooks. */

const v1 = '/api/v1';
const ok = (schema: z.ZodType, description = 'OK') => ({ 200: { description, schema } });
const created = (schema: z.ZodType, description = 'Created') => ({ 201: { description, schema } });
const gone = { 204: { description: 'Deleted' } };
const json = (schema: z.ZodType, example?: unknown) => ({ schema, example });

const userPage = R.pageOf(R.user, 'User');
const policyPage = R.pageOf(R.policy, 'EscalationPolicy');
const servicePage = R.pageOf(R.service, 'Service');
const linePage = R.pageOf(R.phoneLine, 'PhoneLine');
const alertPage = R.pageOf(R.alert, 'Alert');
const runbookPage = R.pageOf(R.runbook, 'Runbook');
const contactTest = z
  .looseObject({
    channel: z.enum(['phone_call', 'sms']),
    to: z.string(),
    sid: z.string(),
    status: z.string(),
  })
  .meta({ id: 'ContactTest' });

/** CRUD operations of one resource, with links from create to read/update/delete for stateful fuzzing. */
function crud(
  noun: string,
  plural: string,
  path: string,
  s: {
    item: z.ZodType;
    page: z.ZodType;
    create: z.ZodType;
    update: z.ZodType;
    example: unknown;
    list?: z.ZodType;
  },
) {
  const base = `${v1}/${path}`;
  const links = {
    [`get${noun}`]: { operationId: `get${noun}`, parameters: { id: '$response.body#/id' } },
    [`update${noun}`]: { operationId: `update${noun}`, parameters: { id: '$response.body#/id' } },
    [`delete${noun}`]: { operationId: `delete${noun}`, parameters: { id: '$response.body#/id' } },
  };
  return [
    {
      method: 'post' as const,
      path: base,
      operationId: `create${noun}`,
      summary: `Create a ${noun.toLowerCase()}`,
      body: json(s.create, s.example),
      responses: created(s.item),
      errors: [409],
      links,
    },
    {
      method: 'get' as const,
      path: base,
      operationId: `list${plural}`,
      summary: `List ${plural.toLowerCase()}`,
      query: s.list ?? paginationQuery,
      responses: ok(s.page),
    },
    {
      method: 'get' as const,
      path: `${base}/{id}`,
      operationId: `get${noun}`,
      summary: `Read a ${noun.toLowerCase()}`,
      responses: ok(s.item),
    },
    {
      method: 'patch' as const,
      path: `${base}/{id}`,
      operationId: `update${noun}`,
      summary: `Change some fields of a ${noun.toLowerCase()}`,
      body: json(s.update),
      responses: ok(s.item),
      errors: [409],
    },
    {
      method: 'delete' as const,
      path: `${base}/{id}`,
      operationId: `delete${noun}`,
      summary: `Delete a ${noun.toLowerCase()}`,
      responses: gone,
      errors: [409],
    },
  ];
}

export const usersDocs = docGroup({
  tag: 'Users',
  description: 'People who can be on call, with their phone number and notification preferences.',
  auth: 'bearer',
  operations: [
    ...crud('User', 'Users', 'users', {
      item: R.user,
      page: userPage,
      create: createUserBody,
      update: updateUserBody,
      example: {
        name: 'Ada Lovelace',
        email: 'ada@example.com',
        phone: '+15551230001',
        timezone: 'Europe/London',
        notificationPrefs: { channels: ['phone_call', 'sms'] },
      },
    }),
    ...(['call', 'sms'] as const).map((kind) => ({
      method: 'post' as const,
      path: `${v1}/users/{id}/test-${kind}`,
      operationId: kind === 'call' ? 'sendTestCall' : 'sendTestSms',
      summary: `Send the person a test ${kind === 'call' ? 'call' : 'SMS'} through the real telephony path (themself or an admin; rate-limited)`,
      responses: { 202: { description: 'Handed to the telephony provider', schema: contactTest } },
      errors: kind === 'sms' ? [409, 422, 429, 503] : [422, 429, 503],
    })),
  ],
});

export const policiesDocs = docGroup({
  tag: 'Escalation policies',
  description: 'Who is paged, in which order, after how many minutes.',
  auth: 'bearer',
  operations: [
    ...crud('EscalationPolicy', 'EscalationPolicies', 'escalation-policies', {
      item: R.policy,
      page: policyPage,
      create: createPolicyBody,
      update: updatePolicyBody,
      example: {
        name: 'Primary',
        levels: [{ delayMinutes: 5, targets: [{ type: 'schedule', id: '665f1c2b9d3e4a0012345678' }] }],
        repeat: 1,
      },
    }),
    {
      method: 'put',
      path: `${v1}/escalation-policies/{id}`,
      operationId: 'replaceEscalationPolicy',
      summary: 'Replace a whole escalation policy',
      body: json(createPolicyBody),
      responses: ok(R.policy),
    },
  ],
});

export const servicesDocs = docGroup({
  tag: 'Services',
  description:
    'What alerts are about; each has a routing key for the ingestion endpoints and an escalation policy.',
  auth: 'bearer',
  operations: [
    ...crud('Service', 'Services', 'services', {
      item: R.service,
      page: servicePage,
      create: createServiceBody,
      update: updateServiceBody,
      list: listServicesQuery,
      example: { name: 'Checkout', escalationPolicyId: '665f1c2b9d3e4a0012345678' },
    }),
    {
      method: 'post',
      path: `${v1}/services/{id}/rotate-routing-key`,
      operationId: 'rotateRoutingKey',
      summary: 'Issue a new routing key (the old one stops working)',
      responses: ok(R.service),
    },
  ],
});

export const phoneLinesDocs = docGroup({
  tag: 'Phone lines',
  description: 'Inbound numbers that ring whoever is on call.',
  auth: 'bearer',
  operations: [
    ...crud('PhoneLine', 'PhoneLines', 'phone-lines', {
      item: R.phoneLine,
      page: linePage,
      create: createPhoneLineBody,
      update: updatePhoneLineBody,
      example: { number: '+15551239999', name: 'Support hotline', scheduleId: '665f1c2b9d3e4a0012345678' },
    }),
    {
      method: 'get',
      path: `${v1}/phone-lines/{id}/calls`,
      operationId: 'listPhoneLineCalls',
      summary:
        "The line's recent inbound calls, newest first: caller, who answered, voicemail and transcription",
      query: lineCallsQuery,
      responses: ok(z.looseObject({ data: z.array(R.phoneLineCall) }).meta({ id: 'PhoneLineCallList' })),
    },
  ],
});

const alertLinks = (id: string) => ({
  [`getAlert`]: { operationId: 'getAlert', parameters: { id } },
  [`acknowledgeAlert`]: { operationId: 'acknowledgeAlert', parameters: { id } },
  [`resolveAlert`]: { operationId: 'resolveAlert', parameters: { id } },
});

export const alertsDocs = docGroup({
  tag: 'Alerts',
  description:
    'Trigger an alert (its escalation runs in Temporal), read it with its timeline, and act on it.',
  auth: 'bearer',
  operations: [
    {
      method: 'post',
      path: `${v1}/alerts`,
      operationId: 'triggerAlert',
      summary: 'Trigger an alert; the escalation starts at once',
      body: json(createAlertBody, {
        title: 'Checkout error rate above 5%',
        severity: 'critical',
        escalationPolicyId: '665f1c2b9d3e4a0012345678',
      }),
      responses: { 202: { description: 'Accepted: written to MongoDB; its escalation workflow starts at once (critical first when starts queue up)', schema: R.alertAccepted } },
      errors: [404, 503],
      links: alertLinks('$response.body#/id'),
    },
    {
      method: 'get',
      path: `${v1}/alerts`,
      operationId: 'listAlerts',
      summary: 'List alerts (filter by status, severity, time, service, policy)',
      query: listAlertsQuery,
      responses: ok(alertPage),
    },
    {
      method: 'get',
      path: `${v1}/alerts/{id}`,
      operationId: 'getAlert',
      summary: 'Read an alert with its timeline and notification attempts',
      responses: ok(R.alertDetail),
    },
    ...(['acknowledge', 'resolve', 'escalate'] as const).map((action) => ({
      method: 'post' as const,
      path: `${v1}/alerts/{id}/${action}`,
      operationId: `${action}Alert`,
      summary: `${action[0]!.toUpperCase()}${action.slice(1)} an alert`,
      body: { schema: alertActionBody, required: false },
      responses: ok(R.alertAction),
      errors: [409, 503],
    })),
  ],
});

export const runbooksDocs = docGroup({
  tag: 'Runbooks',
  description: 'NightDesk JSON runbooks: import them and resolve the "on-call" sentinel.',
  auth: 'bearer',
  operations: [
    {
      method: 'post',
      path: `${v1}/runbooks`,
      operationId: 'importRunbook',
      summary: 'Import a NightDesk runbook (the JSON format of the blog post)',
      query: importQuery,
      body: { schema: R.anyObject },
      responses: created(R.runbook),
      links: { getRunbook: { operationId: 'getRunbook', parameters: { id: '$response.body#/id' } } },
    },
    {
      method: 'get',
      path: `${v1}/runbooks`,
      operationId: 'listRunbooks',
      summary: 'List runbooks',
      query: paginationQuery,
      responses: ok(runbookPage),
    },
    {
      method: 'get',
      path: `${v1}/runbooks/{id}`,
      operationId: 'getRunbook',
      summary: 'Read a runbook',
      responses: ok(R.runbook),
    },
    {
      method: 'delete',
      path: `${v1}/runbooks/{id}`,
      operationId: 'deleteRunbook',
      summary: 'Delete a runbook',
      responses: gone,
    },
    {
      method: 'get',
      path: `${v1}/runbooks/{id}/resolve`,
      operationId: 'resolveRunbook',
      summary: 'Resolve the runbook escalation rules at an instant',
      query: resolveQuery,
      responses: ok(R.anyObject),
    },
  ],
});

import { z } from 'zod';
import {
  createWebhookBody,
  serviceSlackBody,
  webhookCreatedDto,
  webhookDeliveriesQuery,
  webhookDeliveryDto,
  webhookDto,
} from './service-channels.schemas';
import { emailActionForm } from './email-actions.routes';
import { slackCommandForm } from './slack.schemas';
import { docGroup } from '../openapi/registry';

/**
 * OpenAPI descriptions of the channel routes, registered in src/http/openapi/index.ts docGroups. The Slack
 * endpoints are documented always but mounted only when SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET are set.
 */

const html = (description: string) => ({ description, contentType: 'text/html', schema: z.string() });
const slackAnswer = z.looseObject({ response_type: z.literal('ephemeral'), text: z.string() });
const slackForm = { contentType: 'application/x-www-form-urlencoded', schema: z.object({ payload: z.string().meta({ description: 'The interaction, as JSON (Slack block_actions)' }) }) };

export const channelLinksDocs = docGroup({
  tag: 'Channels',
  description: 'One-click links in page emails and the endpoints Slack calls.',
  auth: 'none' as const,
  operations: [
    {
      method: 'get' as const,
      path: '/channels/email/actions/{token}',
      operationId: 'emailAction',
      summary: 'The link of a page email: a confirm page whose button POSTs the token (a GET never acts: mail scanners prefetch links)',
      responses: {
        200: html('What the link will do, with a button that POSTs the token in the form body'),
        // The person clicked a link in a mail client: every refusal is a readable page too.
        400: html('The link is damaged or was not made by Nightline'),
        404: html('The alert no longer exists'),
        409: html('The link has already been used'),
        410: html('The link has expired'),
      },
      errors: [429, 503],
    },
    {
      method: 'post' as const,
      path: '/channels/email/actions',
      operationId: 'emailActionConfirm',
      summary: 'Acknowledge or resolve an alert: the confirm page posts here (the signed, expiring, single-use token is the credential and the CSRF proof)',
      body: { contentType: 'application/x-www-form-urlencoded', schema: emailActionForm },
      responses: {
        200: html('Done, or nothing to do (the page says which)'),
        400: html('The link is damaged or was not made by Nightline'),
        404: html('The alert no longer exists'),
        409: html('The link has already been used'),
        410: html('The link has expired'),
      },
      errors: [429, 503],
    },
    {
      method: 'post' as const,
      path: '/slack/interactions',
      operationId: 'slackInteractions',
      summary: 'Slack button presses (Acknowledge, Resolve, Escalate); X-Slack-Signature over v0:timestamp:body, 5-minute window',
      description: 'Mounted only when Slack is configured (SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET); 404 otherwise.',
      auth: 'slack' as const,
      body: slackForm,
      responses: { 200: { description: 'Handled, or a replay answered without effect', schema: slackAnswer } },
      errors: [400, 401, 404, 429],
    },
    {
      method: 'post' as const,
      path: '/slack/commands',
      operationId: 'slackCommands',
      summary: '`/oncall [schedule]`: who is on call now and next',
      description: 'Mounted only when Slack is configured (SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET); 404 otherwise.',
      auth: 'slack' as const,
      body: { contentType: 'application/x-www-form-urlencoded', schema: slackCommandForm },
      responses: { 200: { description: 'The answer, visible to the caller only', schema: slackAnswer } },
      errors: [400, 401, 404, 429],
    },
  ],
});

export const serviceChannelsDocs = docGroup({
  tag: 'Services',
  description: 'Where a service’s alert events go: outgoing webhooks and its Slack channel.',
  auth: 'bearer' as const,
  operations: [
    {
      method: 'post' as const,
      path: '/api/v1/services/{id}/webhooks',
      operationId: 'createServiceWebhook',
      summary: 'Add an outgoing webhook (the secret is returned only here)',
      body: { schema: createWebhookBody, example: { url: 'https://hooks.example.com/nightline', events: ['triggered', 'resolved'] } },
      responses: { 201: { description: 'Created', schema: webhookCreatedDto } },
    },
    {
      method: 'get' as const,
      path: '/api/v1/services/{id}/webhooks',
      operationId: 'listServiceWebhooks',
      summary: 'The service’s outgoing webhooks (without secrets)',
      responses: { 200: { description: 'Webhooks', schema: z.object({ data: z.array(webhookDto) }) } },
    },
    {
      method: 'delete' as const,
      path: '/api/v1/services/{id}/webhooks/{webhookId}',
      operationId: 'deleteServiceWebhook',
      summary: 'Remove an outgoing webhook',
      responses: { 204: { description: 'Removed' } },
    },
    {
      method: 'get' as const,
      path: '/api/v1/services/{id}/webhook-deliveries',
      operationId: 'listWebhookDeliveries',
      summary: 'Delivery log: one row per try (attempt, outcome, HTTP status)',
      query: webhookDeliveriesQuery,
      responses: {
        200: { description: 'A page of tries', schema: z.object({ data: z.array(webhookDeliveryDto), total: z.number(), limit: z.number(), offset: z.number() }) },
      },
    },
    {
      method: 'put' as const,
      path: '/api/v1/services/{id}/slack',
      operationId: 'setServiceSlackChannel',
      summary: 'Set (or clear, with null) the Slack channel the service’s alerts are posted to',
      body: { schema: serviceSlackBody, example: { channel: 'C0123PLATFORM' } },
      responses: { 200: { description: 'Saved', schema: z.object({ serviceId: z.string(), slackChannel: z.string().nullable() }) } },
    },
    {
      method: 'get' as const,
      path: '/api/v1/services/{id}/slack',
      operationId: 'getServiceSlackChannel',
      summary: 'The Slack channel the service’s alerts are posted to',
      responses: { 200: { description: 'The setting', schema: z.object({ serviceId: z.string(), slackChannel: z.string().nullable() }) } },
    },
  ],
});

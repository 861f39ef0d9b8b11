import { z } from 'zod';
import { ALERT_EVENTS } from '../../db/channels/outgoing-webhook.model';
import { paginationQuery } from '../validation/common';

/** Schemas of /api/v1/services/:id/{webhooks,webhook-deliveries,slack} (for the OpenAPI generator too). */

export const alertEventName = z.enum(ALERT_EVENTS, { error: `must be one of ${ALERT_EVENTS.join(', ')}` });

export const createWebhookBody = z.strictObject({
  url: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .max(2000),
  /** Which events to send; all four when omitted. */
  events: z.array(alertEventName).min(1).max(ALERT_EVENTS.length).optional(),
  /** HMAC key; generated (and returned once) when omitted. */
  secret: z.string().min(16, { error: 'must be at least 16 characters' }).max(200).optional(),
});
export type CreateWebhookBody = z.output<typeof createWebhookBody>;

export const webhookDeliveriesQuery = paginationQuery.extend({
  webhookId: z.string().regex(/^[0-9a-f]{24}$/i, { error: 'must be a 24-hex-digit id' }).optional(),
  alertId: z.string().regex(/^[0-9a-f]{24}$/i, { error: 'must be a 24-hex-digit id' }).optional(),
});

export const serviceSlackBody = z.strictObject({
  /** A channel ID (C...) or name; null stops posting this service's alerts. */
  channel: z.string().trim().min(1).max(80).regex(/^[#A-Za-z0-9_-]+$/, { error: 'must be a Slack channel ID or name' }).nullable(),
});

/** Shapes the routes answer with. */
export const webhookDto = z.object({ id: z.string(), serviceId: z.string(), url: z.string(), events: z.array(alertEventName), createdAt: z.string() });
export const webhookCreatedDto = webhookDto.extend({ secret: z.string() });
export const webhookDeliveryDto = z.object({
  id: z.string(),
  webhookId: z.string(),
  alertId: z.string(),
  event: alertEventName,
  eventId: z.string(),
  attempt: z.number().int(),
  outcome: z.enum(['delivered', 'failed']),
  httpStatus: z.number().int().nullable(),
  error: z.string().nullable(),
  at: z.string(),
});

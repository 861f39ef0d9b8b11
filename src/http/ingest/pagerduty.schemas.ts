import { z } from 'zod';
import { PD_SEVERITIES } from '../../domain/ingest';

/** PagerDuty Events API v2 limits: summary 1024, dedup_key 255, routing_key 32 characters. */
const text = (max: number) => z.string().trim().min(1, { error: 'must not be empty' }).max(max, { error: `must be at most ${max} characters` });

const timestamp = z.string().refine((s) => !Number.isNaN(Date.parse(s)), { error: 'must be an ISO 8601 timestamp' });

export const pdPayload = z.object({
  summary: text(1024),
  source: text(255),
  severity: z.enum(PD_SEVERITIES, { error: `must be one of ${PD_SEVERITIES.join(', ')}` }),
  timestamp: timestamp.optional(),
  component: z.string().max(255).optional(),
  group: z.string().max(255).optional(),
  class: z.string().max(255).optional(),
  custom_details: z.unknown().optional(),
});

// Unknown top-level keys (client, client_url, ...) are accepted and ignored, as PagerDuty does.
export const pdEvent = z
  .object({
    routing_key: z.string().length(32, { error: 'must be 32 characters' }),
    event_action: z.enum(['trigger', 'acknowledge', 'resolve'], { error: 'must be trigger, acknowledge or resolve' }),
    dedup_key: z.string().min(1).max(255, { error: 'must be at most 255 characters' }).optional(),
    payload: pdPayload.optional(),
    links: z.array(z.unknown()).max(50).optional(),
    images: z.array(z.unknown()).max(50).optional(),
  })
  .superRefine((e, ctx) => {
    if (e.event_action === 'trigger' && !e.payload) ctx.addIssue({ code: 'custom', path: ['payload'], message: 'is required for a trigger' });
    if (e.event_action !== 'trigger' && !e.dedup_key) {
      ctx.addIssue({ code: 'custom', path: ['dedup_key'], message: `is required for ${e.event_action}` });
    }
  });
export type PdEventBody = z.output<typeof pdEvent>;

/** PagerDuty reports every problem as one string in `errors`. */
export function pdErrors(err: z.ZodError): string[] {
  return err.issues.map((i) => `${i.path.join('.') || 'event'}: ${i.message}`);
}

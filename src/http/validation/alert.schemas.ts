import { z } from 'zod';
import { SEVERITIES, ALERT_STATUSES } from '../../db/alert.model';
import { isoInstant, objectId, paginationQuery } from './common';

export const severity = z.enum(SEVERITIES, { error: `must be one of ${SEVERITIES.join(', ')}` });

export const createAlertBody = z.strictObject({
  title: z.string().trim().min(1, { error: 'must not be empty' }).max(1024),
  description: z.string().max(10_000).default(''),
  severity,
  source: z.string().trim().min(1).max(255).default('api'),
  escalationPolicyId: objectId,
  /** Optional: files the alert under a service (its listing filter and its dedup scope). */
  serviceId: objectId.optional(),
  dedupKey: z.string().trim().min(1).max(255).optional(),
});
export type CreateAlertBody = z.output<typeof createAlertBody>;

export const alertActionBody = z.strictObject({
  by: z.string().trim().min(1).max(200).optional(),
  note: z.string().trim().max(2000).optional(),
  /** 0-based level the presser saw (escalate only); defaults to the level as read now. */
  asOfLevel: z.number().int().min(0).max(1000).optional(),
});

/** `status=triggered,acknowledged` or a single value. */
const listOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .transform((s) => s.split(',').map((v) => v.trim()).filter(Boolean))
    .pipe(z.array(z.enum(values, { error: `must be one or more of ${values.join(', ')}` })).min(1));

export const listAlertsQuery = paginationQuery
  .extend({
    status: listOf(ALERT_STATUSES).optional(),
    severity: listOf(SEVERITIES).optional(),
    since: isoInstant.optional(),
    until: isoInstant.optional(),
    serviceId: objectId.optional(),
    escalationPolicyId: objectId.optional(),
  })
  .superRefine((q, ctx) => {
    // zod still runs this when a field failed (it then holds the raw string): compare only two parsed instants.
    if (q.since instanceof Date && q.until instanceof Date && q.until.getTime() < q.since.getTime()) {
      ctx.addIssue({ code: 'custom', path: ['until'], message: 'must not be before since' });
    }
  });
export type ListAlertsQuery = z.output<typeof listAlertsQuery>;

import { z } from 'zod';
import { nonEmptyName, objectId } from './common';

/** REST shape of escalation policies (the seed's `levels[].targets[{ type, id }]` vocabulary). */

export const escalationTarget = z.strictObject({
  type: z.enum(['schedule', 'user'], { error: "must be 'schedule' or 'user'" }),
  id: objectId,
});

const MAX_MINUTES = 7 * 24 * 60;

export const escalationLevel = z
  .strictObject({
    targets: z.array(escalationTarget).min(1, { error: 'must name at least one target' }).max(20),
    delayMinutes: z.number().int().min(1, { error: 'must be at least 1 minute' }).max(MAX_MINUTES),
    repeatCount: z.number().int().min(0).max(20).default(0),
    retryIntervalMinutes: z.number().int().min(0).max(MAX_MINUTES).default(0),
  })
  .superRefine((l, ctx) => {
    if (l.repeatCount > 0 && l.retryIntervalMinutes < 1) {
      ctx.addIssue({ code: 'custom', path: ['retryIntervalMinutes'], message: 'must be at least 1 minute when repeatCount > 0' });
    }
  });

const policyShape = {
  name: nonEmptyName,
  description: z.string().trim().max(2000).optional(),
  levels: z.array(escalationLevel).min(1, { error: 'must have at least one level' }).max(20),
  /** Extra passes over the whole ladder after the first. */
  repeat: z.number().int().min(0).max(10).optional(),
  ownerUserId: objectId.nullable().optional(),
};

export const createPolicyBody = z.strictObject(policyShape);
export type CreatePolicyBody = z.output<typeof createPolicyBody>;

export const updatePolicyBody = z
  .strictObject(policyShape)
  .partial()
  .refine((b) => Object.keys(b).length > 0, { error: 'must change at least one field' });

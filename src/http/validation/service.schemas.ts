import { z } from 'zod';
import { nonEmptyName, objectId, paginationQuery } from './common';

const serviceShape = {
  name: nonEmptyName,
  description: z.string().trim().max(2000).optional(),
  escalationPolicyId: objectId,
  /** A NightDesk runbook: an alert whose title matches a rule's trigger pages that rule's target. */
  runbookId: objectId.nullable().optional(),
};

export const createServiceBody = z.strictObject(serviceShape);

export const updateServiceBody = z
  .strictObject(serviceShape)
  .partial()
  .refine((b) => Object.keys(b).length > 0, { error: 'must change at least one field' });

export const listServicesQuery = paginationQuery.extend({ escalationPolicyId: objectId.optional() });

import { z } from 'zod';
import { ROLES } from '../../domain/identity/roles';
import { isoInstant, objectId } from '../validation/common';

export const loginBody = z.strictObject({
  email: z.email({ error: 'must be an email address' }).max(320),
  password: z.string().min(1).max(1024),
});

export const MIN_PASSWORD = 12;
export const setPasswordBody = z.strictObject({
  token: z.string().min(10).max(200),
  password: z.string().min(MIN_PASSWORD, { error: `must be at least ${MIN_PASSWORD} characters` }).max(1024),
});

export const createTokenBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  kind: z.enum(['personal', 'service']).default('personal'),
  role: z.enum(ROLES),
  teamIds: z.array(objectId).max(50).default([]),
  expiresAt: isoInstant.optional(),
});

export const createTeamBody = z.strictObject({ name: z.string().trim().min(1).max(100) });
export const membershipBody = z.strictObject({ role: z.enum(ROLES) });

export const auditQuery = z.strictObject({
  resource: z.string().max(50).regex(/^[a-z-]+$/).optional(),
  resourceId: z.string().max(100).regex(/^[\w-]+$/).optional(),
  userId: objectId.optional(),
  from: isoInstant.optional(),
  to: isoInstant.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

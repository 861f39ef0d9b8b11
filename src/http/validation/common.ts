import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';

/** Shared edge schemas: every request value passes one of these before reaching the domain or mongo. */

export const E164 = /^\+[1-9]\d{6,14}$/;

export const phoneE164 = z
  .string()
  .trim()
  .regex(E164, { error: 'must be an E.164 phone number such as +15551234567' });

export const ianaTimezone = z
  .string()
  .trim()
  .refine((tz) => IANAZone.isValidZone(tz), { error: 'must be an IANA time zone such as America/Chicago' });

export const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'must be HH:mm (00:00-23:59)' });

export const ymd = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be a date YYYY-MM-DD' })
  .refine((s) => DateTime.fromISO(s, { zone: 'utc' }).isValid, { error: 'is not a real calendar date' });

/** An ISO-8601 instant with an explicit offset (Z or ±hh:mm), parsed to a Date. */
export const isoInstant = z
  .string()
  .refine((s) => /(Z|[+-]\d{2}:?\d{2})$/i.test(s) && DateTime.fromISO(s, { setZone: true }).isValid, {
    error: 'must be an ISO-8601 instant with an offset, e.g. 2026-06-16T01:00:00Z',
  })
  .transform((s) => DateTime.fromISO(s).toJSDate());

export const objectId = z
  .string()
  .regex(/^[0-9a-f]{24}$/i, { error: 'must be a 24-hex-digit id' });

export const nonEmptyName = z.string().trim().min(1, { error: 'must not be empty' }).max(200);

export const paginationQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type Pagination = z.infer<typeof paginationQuery>;

/** Rejects any key starting with `$` or containing `.` anywhere in a JSON value (operator injection guard). */
export function hasOperatorKeys(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasOperatorKeys);
  if (value && typeof value === 'object') {
    return Object.entries(value).some(([k, v]) => k.startsWith('$') || k.includes('.') || hasOperatorKeys(v));
  }
  return false;
}

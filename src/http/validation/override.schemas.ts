import { z } from 'zod';
import { isoInstant, objectId } from './common';

const reason = z.string().trim().max(500).optional();

/** endsAt must be after startsAt; reported on endsAt. Zod still runs this when a field failed or (PATCH) is absent, hence the guard. */
function ordered<T extends { startsAt?: Date; endsAt?: Date }>(v: T, ctx: z.RefinementCtx) {
  if (!(v.startsAt instanceof Date) || !(v.endsAt instanceof Date)) return;
  if (v.endsAt.getTime() <= v.startsAt.getTime()) {
    ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'must be after startsAt' });
  }
}

/** A PATCH must name something to change; `{}` is more likely a client bug than a deliberate no-op. */
const notEmpty = (v: object) => Object.keys(v).length > 0;
const nothingToChange = { error: 'name at least one field to change' };

const overrideFields = z.strictObject({
  userId: objectId,
  startsAt: isoInstant,
  endsAt: isoInstant,
  replacesUserId: objectId.nullable().optional(),
  reason,
});
const timeOffFields = z.strictObject({ userId: objectId, startsAt: isoInstant, endsAt: isoInstant, reason });

export const createOverrideBody = overrideFields.superRefine(ordered);
export const createTimeOffBody = timeOffFields.superRefine(ordered);

/** PATCH bodies take any of POST's fields; the merged entry is checked again (see editedWindow). */
export const patchOverrideBody = overrideFields.partial().superRefine(ordered).refine(notEmpty, nothingToChange);
export const patchTimeOffBody = timeOffFields.partial().superRefine(ordered).refine(notEmpty, nothingToChange);

export const rangeQuery = z.strictObject({
  from: isoInstant.optional(),
  to: isoInstant.optional(),
  userId: objectId.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

/** A swap names the two shifts by any instant inside each (e.g. their start). */
export const swapBody = z.strictObject({
  shiftA: z.strictObject({ start: isoInstant }),
  shiftB: z.strictObject({ start: isoInstant }),
  reason,
});

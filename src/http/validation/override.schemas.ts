import { z } from 'zod';
import { isoInstant, objectId } from './common';

const reason = z.string().trim().max(500).optional();

/** endsAt must be after startsAt; reported on endsAt. Zod still runs this when a field failed, hence the guard. */
function ordered<T extends { startsAt: Date; endsAt: Date }>(v: T, ctx: z.RefinementCtx) {
  if (!(v.startsAt instanceof Date) || !(v.endsAt instanceof Date)) return;
  if (v.endsAt.getTime() <= v.startsAt.getTime()) {
    ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'must be after startsAt' });
  }
}

export const createOverrideBody = z
  .strictObject({
    userId: objectId,
    startsAt: isoInstant,
    endsAt: isoInstant,
    replacesUserId: objectId.nullable().optional(),
    reason,
  })
  .superRefine(ordered);

export const createTimeOffBody = z
  .strictObject({ userId: objectId, startsAt: isoInstant, endsAt: isoInstant, reason })
  .superRefine(ordered);

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

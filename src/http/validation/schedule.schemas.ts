import { z } from 'zod';
import { startDateForCurrentIndex } from '../../domain/seed-rotation';
import { hhmm, ianaTimezone, nonEmptyName, objectId, ymd } from './common';

/** REST shape of schedules: the top-level rotation fields are layer 0; `layers` holds any further layers. */

/**
 * The seed's RotationMember display fields. Accepted so a seed-shaped document is never refused, then
 * dropped by the mapper: the user record (`/users`) is authoritative for contact data and preferences.
 */
export const seedMemberFields = {
  name: z.string().max(200).optional(),
  email: z.string().max(320).optional(),
  phone: z.string().max(40).optional(),
  notificationPrefs: z
    .strictObject({
      channels: z.array(z.enum(['email', 'sms', 'slack', 'phone_call'])).max(4).optional(),
      quietHours: z.strictObject({ start: hhmm, end: hhmm }).optional(),
    })
    .optional(),
};

export const member = z.strictObject({ userId: objectId, ...seedMemberFields });
const members = z.array(member).min(1, { error: 'must have at least one member (empty rotation)' }).max(500);
const weekday = z.number().int().min(0).max(6);

export const restriction = z.strictObject({
  days: z.array(weekday).min(1).max(7).optional(),
  start: hhmm,
  end: hhmm,
});

const rotationFields = {
  rotationType: z.enum(['daily', 'weekly', 'custom'], { error: "must be 'daily', 'weekly' or 'custom'" }),
  handoffTime: hhmm,
  handoffDay: weekday.optional(),
  periodDays: z.number().int().min(1).max(366).optional(),
  periodHours: z.number().int().min(1).max(24 * 366).optional(),
  startDate: ymd,
  members,
  restrictions: z.array(restriction).max(50).optional(),
};

type RotationLike = { rotationType: string; periodDays?: number; periodHours?: number };

/** custom needs a period length; reported on the field so the message names it. */
function checkPeriod(v: RotationLike, ctx: z.RefinementCtx, prefix: (string | number)[] = []) {
  if (v.rotationType === 'custom' && v.periodDays === undefined && v.periodHours === undefined) {
    ctx.addIssue({ code: 'custom', path: [...prefix, 'periodDays'], message: 'is required when rotationType is custom' });
  }
}

export const layerBody = z.strictObject({ name: z.string().max(200).optional(), ...rotationFields });

const holidayRotation = z.strictObject({ members: z.array(member).max(500) });

const scheduleShape = {
  name: nonEmptyName,
  timezone: ianaTimezone,
  ...rotationFields,
  /** Seed shape: without startDate, the member on call now (the seed's `currentIndex`) places the rotation. */
  startDate: ymd.optional(),
  currentIndex: z.number().int().min(0).max(10_000).optional(),
  /** Seed shape: the seed's own id and team are display data; the server assigns the id. */
  id: z.string().max(200).optional(),
  teamId: z.string().max(200).optional(),
  layers: z.array(layerBody).max(20).optional(),
  holidayRotation: holidayRotation.nullable().optional(),
};

export const createScheduleBody = z
  .strictObject(scheduleShape)
  .superRefine((v, ctx) => {
    // Zod runs this even when fields failed: only inspect what has the right shape.
    checkPeriod(v, ctx);
    if (Array.isArray(v.layers)) v.layers.forEach((l, i) => l && checkPeriod(l, ctx, ['layers', i]));
    if (v.startDate === undefined && v.currentIndex === undefined) {
      ctx.addIssue({ code: 'custom', path: ['startDate'], message: 'is required (or currentIndex, the member on call now)' });
    } else if (v.startDate === undefined && v.rotationType === 'custom' && v.periodDays === undefined) {
      ctx.addIssue({ code: 'custom', path: ['startDate'], message: 'is required for a rotation in hours (currentIndex cannot place it)' });
    }
  })
  .transform(({ id: _id, teamId: _team, currentIndex, startDate, ...rest }) => ({
    ...rest,
    startDate:
      startDate ??
      startDateForCurrentIndex({ ...rest, memberCount: rest.members.length, currentIndex: currentIndex ?? 0 }, rest.timezone, new Date()),
  }));
export type CreateScheduleBody = z.output<typeof createScheduleBody>;

export const updateScheduleBody = z
  .strictObject(scheduleShape)
  .partial()
  .refine((b) => Object.keys(b).length > 0, { error: 'must change at least one field' });
export type UpdateScheduleBody = z.output<typeof updateScheduleBody>;

import { z } from 'zod';
import { hhmm, ianaTimezone, isoInstant, phoneE164, ymd } from '../http/validation/common';
import { seedMemberFields } from '../http/validation/schedule.schemas';

/**
 * A schedule document for the CLI: the REST body's shape (top-level rotation = layer 0, `layers` for more)
 * plus the entries REST keeps in other collections (`overrides`, `timeOff`, `holidays`). Members carry
 * their display data (`name`, `phone`) since there is no user store; `users` lists anyone else named.
 */
const memberRef = z.strictObject({
  userId: z.string().min(1),
  name: z.string().optional(),
  phone: phoneE164.optional(),
  // The seed's RotationMember fields: accepted as display data (the CLI pages nobody).
  email: seedMemberFields.email,
  notificationPrefs: seedMemberFields.notificationPrefs,
});
const weekday = z.number().int().min(0).max(6);

const rotation = {
  rotationType: z.enum(['daily', 'weekly', 'custom']),
  handoffTime: hhmm,
  handoffDay: weekday.optional(),
  periodDays: z.number().int().min(1).max(366).optional(),
  periodHours: z.number().int().min(1).optional(),
  startDate: ymd,
  members: z.array(memberRef).min(1, { error: 'must have at least one member (empty rotation)' }),
  restrictions: z.array(z.strictObject({ days: z.array(weekday).optional(), start: hhmm, end: hhmm })).optional(),
};

const window = { startsAt: isoInstant, endsAt: isoInstant, reason: z.string().optional() };

export const scheduleFile = z
  .strictObject({
    id: z.string().optional(),
    name: z.string().default('schedule'),
    timezone: ianaTimezone,
    ...rotation,
    // The seed's Schedule shape: no startDate, `currentIndex` names who is on call when the file is read.
    startDate: ymd.optional(),
    currentIndex: z.number().int().min(0).optional(),
    teamId: z.string().optional(),
    layers: z.array(z.strictObject({ name: z.string().optional(), ...rotation })).optional(),
    holidayRotation: z.strictObject({ members: z.array(memberRef) }).nullable().optional(),
    users: z.array(z.strictObject({ id: z.string().min(1), name: z.string(), phone: phoneE164.optional() })).optional(),
    overrides: z
      .array(z.strictObject({ id: z.string().optional(), userId: z.string().min(1), replacesUserId: z.string().nullable().optional(), ...window }))
      .optional(),
    timeOff: z.array(z.strictObject({ id: z.string().optional(), userId: z.string().min(1), ...window })).optional(),
    holidays: z.array(z.strictObject({ date: ymd, name: z.string() })).optional(),
  })
  .superRefine((v, ctx) => {
    // Zod runs this even when fields failed: only inspect what has the right shape.
    const arr = <T>(x: T[] | undefined): T[] => (Array.isArray(x) ? x : []);
    if (v.startDate === undefined && v.currentIndex === undefined) {
      ctx.addIssue({ code: 'custom', path: ['startDate'], message: 'is required (or currentIndex, the member on call now)' });
    }
    [v, ...arr(v.layers)].forEach((l, i) => {
      if (l && l.rotationType === 'custom' && l.periodDays === undefined && l.periodHours === undefined) {
        ctx.addIssue({ code: 'custom', path: i === 0 ? ['periodDays'] : ['layers', i - 1, 'periodDays'], message: 'is required when rotationType is custom' });
      }
    });
    const entries = [...arr(v.overrides).map((o, i) => ['overrides', i, o] as const), ...arr(v.timeOff).map((t, i) => ['timeOff', i, t] as const)];
    for (const [list, i, e] of entries) {
      if (e && e.endsAt instanceof Date && e.startsAt instanceof Date && e.endsAt <= e.startsAt) ctx.addIssue({ code: 'custom', path: [list, i, 'endsAt'], message: 'must be after startsAt' });
    }
  });

export type ScheduleFile = z.output<typeof scheduleFile>;

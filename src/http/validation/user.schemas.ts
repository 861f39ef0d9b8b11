import { z } from 'zod';
import { MAX_PAGE_THROTTLE_SECONDS } from '../../domain/delivery-timing';
import { MAX_REMINDER_HOURS, NOTICE_CHANNELS } from '../../domain/notice-prefs';
import { hhmm, ianaTimezone, nonEmptyName, phoneE164 } from './common';

export const channel = z.enum(['phone_call', 'sms', 'email', 'slack']);

export const notificationPrefs = z.strictObject({
  channels: z.array(channel).min(1, { error: 'must list at least one channel' }),
  quietHours: z.strictObject({ start: hhmm, end: hhmm }).optional(),
  /** This person's own throttle (absent: the fleet's PAGE_THROTTLE_SECONDS). */
  pageThrottleSeconds: z
    .number({ error: 'must be a whole number of seconds' })
    .int({ error: 'must be a whole number of seconds' })
    .min(0, { error: 'must be 0 (no throttle) or more' })
    .max(MAX_PAGE_THROTTLE_SECONDS, { error: `must be at most ${MAX_PAGE_THROTTLE_SECONDS} seconds` })
    .optional(),
});

export const noticePrefs = z.strictObject({
  handoffs: z.boolean().optional(),
  reminders: z.boolean().optional(),
  changes: z.boolean().optional(),
  debrief: z.boolean().optional(),
  reminderHours: z.number().int().min(0).max(MAX_REMINDER_HOURS).optional(),
  channels: z.array(z.enum(NOTICE_CHANNELS)).min(1, { error: 'must list at least one channel' }).optional(),
  /** Per topic, channels replacing `channels` for that topic; an empty list goes back to `channels`. */
  topicChannels: z
    .strictObject({
      handoffs: z.array(z.enum(NOTICE_CHANNELS)).optional(),
      reminders: z.array(z.enum(NOTICE_CHANNELS)).optional(),
      changes: z.array(z.enum(NOTICE_CHANNELS)).optional(),
      debrief: z.array(z.enum(NOTICE_CHANNELS)).optional(),
    })
    .optional(),
});

export const createUserBody = z.strictObject({
  name: nonEmptyName,
  email: z.email({ error: 'must be an email address' }).max(320),
  phone: phoneE164,
  timezone: ianaTimezone.optional(),
  notificationPrefs: notificationPrefs.optional(),
  noticePrefs: noticePrefs.optional(),
});

export const updateUserBody = createUserBody.partial().refine((b) => Object.keys(b).length > 0, {
  error: 'must change at least one field',
});

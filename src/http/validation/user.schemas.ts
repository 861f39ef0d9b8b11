import { z } from 'zod';
import { hhmm, ianaTimezone, nonEmptyName, phoneE164 } from './common';

export const channel = z.enum(['phone_call', 'sms', 'email', 'slack']);

export const notificationPrefs = z.strictObject({
  channels: z.array(channel).min(1, { error: 'must list at least one channel' }),
  quietHours: z.strictObject({ start: hhmm, end: hhmm }).optional(),
});

export const createUserBody = z.strictObject({
  name: nonEmptyName,
  email: z.email({ error: 'must be an email address' }).max(320),
  phone: phoneE164,
  timezone: ianaTimezone.optional(),
  notificationPrefs: notificationPrefs.optional(),
});

export const updateUserBody = createUserBody.partial().refine((b) => Object.keys(b).length > 0, {
  error: 'must change at least one field',
});

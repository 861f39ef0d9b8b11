import { z } from 'zod';

/**
 * Response shapes for the document. Requests are described by the very schemas that parse them; responses are
 * written here, loose (extra fields allowed) so that adding a field never breaks a client.
 */

export const errorBody = z
  .object({
    error: z.object({
      code: z
        .string()
        .meta({ description: 'Stable machine-readable code, e.g. validation_failed, not_found, conflict' }),
      message: z
        .string()
        .meta({ description: 'Human-readable; names the offending field for validation errors' }),
      details: z.unknown().optional(),
    }),
  })
  .meta({
    id: 'Error',
    example: {
      error: {
        code: 'validation_failed',
        message: 'phone: must be an E.164 phone number such as +15551234567',
        details: [{ field: 'phone', message: 'must be an E.164 phone number such as +15551234567' }],
      },
    },
  });

const id = z.string().meta({ description: '24-hex-digit id', example: '665f1c2b9d3e4a0012345678' });
const instant = z.string().meta({ format: 'date-time' });
const nullable = <T extends z.ZodType>(t: T) => t.nullable();

export const pageOf = <T extends z.ZodType>(item: T, name: string) =>
  z
    .looseObject({ data: z.array(item), total: z.int(), limit: z.int(), offset: z.int() })
    .meta({ id: `${name}Page` });

const noticeChannels = z.array(z.enum(['sms', 'email', 'slack']));

/** Which notices a person gets, with every default filled in (see src/domain/notice-prefs.ts). */
const noticePrefsDto = z
  .looseObject({
    handoffs: z.boolean().meta({ description: 'Told when their shift starts and ends' }),
    reminders: z.boolean().meta({ description: 'Reminded `reminderHours` before a shift' }),
    changes: z.boolean().meta({ description: 'Told when an edit moves or removes their shifts in the next 14 days' }),
    debrief: z.boolean().meta({ description: "Their teams' morning debrief (by email and Slack)" }),
    reminderHours: z.int().meta({ description: '0 turns reminders off' }),
    channels: noticeChannels.meta({ description: 'Channels of every notice topic without its own choice' }),
    topicChannels: z
      .looseObject({ handoffs: noticeChannels, reminders: noticeChannels, changes: noticeChannels, debrief: noticeChannels })
      .partial()
      .optional()
      .meta({ description: 'Per topic, channels that replace `channels` (only topics with their own choice are listed)' }),
  })
  .meta({ id: 'NoticePrefs' });

export const user = z
  .looseObject({
    id,
    name: z.string(),
    email: z.string(),
    phone: z.string(),
    timezone: z.string(),
    notificationPrefs: z.looseObject({
      channels: z.array(z.enum(['phone_call', 'sms', 'email', 'slack'])),
      quietHours: z.looseObject({ start: z.string(), end: z.string() }).nullable().optional(),
      pageThrottleSeconds: z.number().int().optional(),
    }),
    smsOptedOut: z.boolean(),
    noticePrefs: noticePrefsDto,
    createdAt: instant,
    updatedAt: instant,
  })
  .meta({ id: 'User' });

const members = z.array(z.looseObject({ userId: z.string() }));
const rotationType = z.enum(['daily', 'weekly', 'custom']);
const restrictions = z.array(z.looseObject({ days: z.array(z.int()).optional(), start: z.string(), end: z.string() })).optional();
const layer = z.looseObject({
  name: z.string().optional(),
  rotationType,
  handoffDay: z.int().optional(),
  periodDays: z.int().optional(),
  periodHours: z.int().optional(),
  restrictions,
  handoffTime: z.string(),
  startDate: z.string(),
  members,
});

export const schedule = z
  .looseObject({
    id,
    name: z.string(),
    timezone: z.string(),
    rotationType,
    handoffDay: z.int().optional(),
    periodDays: z.int().optional(),
    periodHours: z.int().optional(),
    restrictions,
    handoffTime: z.string(),
    startDate: z.string(),
    members,
    layers: z.array(layer),
    holidayRotation: nullable(z.looseObject({ members })),
    calendarFeed: z.string().optional().meta({ description: 'Path of the iCal feed with its token: only in the answer that created the schedule (the token is stored as a hash; POST /schedules/{id}/rotate-feed-token gives a new one)' }),
    createdAt: instant,
    updatedAt: instant,
  })
  .meta({ id: 'Schedule' });

export const policy = z
  .looseObject({
    id,
    name: z.string(),
    description: z.string(),
    levels: z.array(
      z.looseObject({
        delayMinutes: z.number(),
        repeatCount: z.int(),
        retryIntervalMinutes: z.number(),
        targets: z.array(z.looseObject({ type: z.enum(['schedule', 'user']), id: z.string() })),
      }),
    ),
    repeat: z.int(),
    ownerUserId: nullable(z.string()),
    createdAt: instant,
    updatedAt: instant,
  })
  .meta({ id: 'EscalationPolicy' });

export const service = z
  .looseObject({
    id,
    name: z.string(),
    description: z.string(),
    escalationPolicyId: z.string(),
    routingKey: z
      .string()
      .meta({ description: 'The credential for /v2/enqueue and the Alertmanager webhook' }),
    createdAt: instant,
    updatedAt: instant,
  })
  .meta({ id: 'Service' });

export const alert = z
  .looseObject({
    id: z.string(),
    title: z.string(),
    description: z.string(),
    severity: z.enum(['critical', 'high', 'medium', 'low']),
    source: z.string(),
    status: z.enum(['triggered', 'acknowledged', 'resolved']),
    escalationPolicyId: z.string(),
    serviceId: nullable(z.string()),
    dedupKey: nullable(z.string()),
    currentLevel: z.number(),
    count: z.int(),
    acknowledgedBy: nullable(z.string()),
    acknowledgedAt: nullable(instant),
    resolvedBy: nullable(z.string()),
    resolvedAt: nullable(instant),
    createdAt: nullable(instant),
  })
  .meta({ id: 'Alert' });

export const alertDetail = alert
  .extend({
    timeline: z.array(
      z.looseObject({ action: z.string(), actor: z.string(), timestamp: nullable(instant), details: nullable(z.string()) }),
    ),
    notificationAttempts: z.array(
      z.looseObject({
        key: z.string(),
        level: z.union([z.int(), z.literal('owner')]),
        attempt: z.int(),
        userId: z.string(),
        channel: z.string(),
        recipient: z.string(),
        status: z.string(),
        error: nullable(z.string()).optional(),
        createdAt: nullable(instant),
      }),
    ),
  })
  .meta({ id: 'AlertDetail' });

export const alertAccepted = z
  .looseObject({ id: z.string(), status: z.string(), deduplicated: z.boolean(), count: z.number() })
  .meta({ id: 'AlertAccepted' });

export const alertAction = z.looseObject({ id: z.string() }).meta({ id: 'AlertActionResult' });

export const phoneLine = z
  .looseObject({
    id,
    name: z.string(),
    number: z.string(),
    scheduleId: nullable(z.string()).optional(),
    escalationPolicyId: nullable(z.string()).optional(),
    runbookId: nullable(z.string()).optional(),
    greeting: nullable(z.string()).optional(),
  })
  .meta({ id: 'PhoneLine' });

/** An inbound call to a phone line: the caller, who answered, the voicemail and its transcription. */
export const phoneLineCall = z
  .looseObject({
    id,
    callSid: z.string(),
    from: z.string(),
    at: instant,
    emergency: nullable(z.boolean()),
    answeredBy: nullable(z.string()).meta({ description: 'Who picked up; null when nobody did' }),
    voicemailUrl: nullable(z.string()),
    voicemailSeconds: nullable(z.number()),
    reasonRecordingUrl: nullable(z.string()),
    transcription: nullable(z.string()),
    alertId: nullable(z.string()),
    hops: z.array(z.looseObject({ action: z.string(), details: z.string(), at: instant })),
  })
  .meta({ id: 'PhoneLineCall' });

export const override = z
  .looseObject({
    id,
    scheduleId: z.string(),
    userId: z.string(),
    startsAt: instant,
    endsAt: instant,
    replacesUserId: nullable(z.string()),
    swapId: nullable(z.string()).optional().meta({ description: 'Set on both halves of a swap' }),
  })
  .meta({ id: 'Override' });

export const timeOff = z
  .looseObject({ id, scheduleId: z.string(), userId: z.string(), startsAt: instant, endsAt: instant })
  .meta({ id: 'TimeOff' });

export const ended = z
  .looseObject({ id: z.string(), endsAt: instant, action: z.literal('ended') })
  .meta({ id: 'EndedEarly' });

export const holiday = z.looseObject({ id, date: z.string(), name: z.string() }).meta({ id: 'Holiday' });

export const runbook = z
  .looseObject({
    id,
    name: z.string(),
    scheduleId: nullable(z.string()),
    members: z.array(z.looseObject({})),
  })
  .meta({ id: 'Runbook' });

const whoFields = {
  userId: nullable(z.string()),
  name: nullable(z.string()),
  phone: nullable(z.string()),
  source: z.string(),
  reason: z.string().optional(),
  holiday: z.string().optional(),
  coveringFor: z.string().optional(),
  overrideId: z.string().optional(),
};

export const onCall = z
  .looseObject({ at: instant, ...whoFields, shiftStart: nullable(instant), shiftEnd: nullable(instant) })
  .meta({ id: 'OnCall' });

export const shift = z
  .looseObject({ ...whoFields, start: instant, end: instant, gap: z.boolean() })
  .meta({ id: 'Shift' });

export const layerLanes = z
  .looseObject({
    from: instant,
    to: instant,
    layers: z.array(z.looseObject({ index: z.int(), name: nullable(z.string()), handoffTime: nullable(z.string()), data: z.array(shift) })),
  })
  .meta({ id: 'LayerLanes' });

/** Any JSON object: for views whose shape is documented in prose. */
export const anyObject = z.looseObject({});

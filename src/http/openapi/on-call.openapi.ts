import { z } from 'zod';
import { onCallNowQuery } from '../routes/on-call-now.routes';
import { docGroup } from './registry';
import * as R from './responses.openapi';

/** One person's stretch, as in OnCall but without its `at` (the summary gives one `at` for every schedule). */
const who = R.onCall.omit({ at: true });

const summary = z
  .looseObject({
    at: z.string(),
    data: z.array(
      z.looseObject({
        scheduleId: z.string(),
        scheduleName: z.string(),
        timezone: z.string(),
        now: who.nullable(),
        next: who.nullable(),
        error: z.string().optional().meta({ description: 'Why this schedule could not be resolved (the others still are)' }),
      }),
    ),
  })
  .meta({ id: 'OnCallNow' });

export const onCallNowDocs = docGroup({
  tag: 'Schedules',
  description: 'Who is on call now on every schedule.',
  auth: 'bearer',
  operations: [
    {
      method: 'get',
      path: '/api/v1/on-call',
      operationId: 'onCallNow',
      summary: 'Every schedule: who is on call now, until when, and who is next (one request for the home page)',
      query: onCallNowQuery,
      responses: { 200: { description: 'OK', schema: summary } },
    },
  ],
});

import { z } from 'zod';
import { debriefQuery } from '../routes/debrief.routes';
import { fatigueQuery } from '../routes/reports.routes';
import { teamDebriefBody } from '../routes/team-debrief.routes';
import { docGroup } from './registry';

/** Docs for /api/v1/reports: the monthly fatigue report (JSON or CSV) and the morning debrief. */

const v1 = '/api/v1';
const instant = z.string().meta({ format: 'date-time' });

const debrief = z
  .looseObject({
    date: z.string(),
    timezone: z.string(),
    from: instant,
    to: instant,
    calls: z.array(
      z.looseObject({
        at: instant,
        caller: z.string(),
        line: z.string().nullable(),
        said: z.string().nullable(),
        rung: z.array(z.string()),
        answeredBy: z.string().nullable(),
      }),
    ),
    alerts: z.array(
      z.looseObject({
        id: z.string(),
        title: z.string(),
        severity: z.string(),
        triggeredAt: instant,
        acknowledgedAt: instant.nullable(),
        acknowledgedBy: z.string().nullable(),
        resolvedAt: instant.nullable(),
        minutesToAck: z.number().nullable(),
      }),
    ),
    woken: z.array(z.looseObject({ userId: z.string(), name: z.string(), pages: z.int(), alerts: z.int() })),
    summary: z.looseObject({ calls: z.int(), alerts: z.int(), acknowledged: z.int(), resolved: z.int() }),
  })
  .meta({ id: 'Debrief' });

const hours = z.looseObject({ total: z.number(), business: z.number(), afterHours: z.number(), weekend: z.number(), holiday: z.number() });
const fatigueReport = z
  .looseObject({
    month: z.string(),
    timezone: z.string(),
    from: instant,
    to: instant,
    scheduleIds: z.array(z.string()),
    people: z.array(
      z.looseObject({
        userId: z.string(),
        name: z.string().nullable(),
        timezone: z.string(),
        onCallHours: hours,
        pages: z.number(),
        notifications: z.number(),
        interruptions: z.number(),
        nightInterruptions: z.number(),
        acknowledged: z.number(),
        meanAckSeconds: z.number().nullable(),
        worstAckSeconds: z.number().nullable(),
        warnings: z.array(z.looseObject({ code: z.string(), message: z.string() })),
      }),
    ),
    team: z.looseObject({
      people: z.number(),
      onCallHours: z.number(),
      pages: z.number(),
      interruptions: z.number(),
      nightInterruptions: z.number(),
      meanAckSeconds: z.number().nullable(),
    }),
  })
  .meta({ id: 'FatigueReport' });
const teamDebrief = z
  .looseObject({
    teamId: z.string(),
    enabled: z.boolean(),
    time: z.string().meta({ description: 'HH:mm, local to `timezone`' }),
    timezone: z.string(),
    nextAt: instant.nullable().meta({ description: 'When the next debrief goes out; null when turned off' }),
  })
  .meta({ id: 'TeamDebrief' });

const csvExample =
  'month,userId,name,timezone,onCallHours,businessHours,afterHours,weekendHours,holidayHours,pages,notifications,' +
  'interruptions,nightInterruptions,acknowledged,meanAckSeconds,worstAckSeconds,warnings\r\n' +
  '2026-03,team-mean,team mean (0 people),UTC,0,,,,,0,,0,0,,,,\r\n';

export const reportsDocs = docGroup({
  tag: 'Reports',
  description: 'On-call load per person per month, and the debrief of last night.',
  auth: 'bearer',
  operations: [
    {
      method: 'get',
      path: `${v1}/reports/fatigue`,
      operationId: 'fatigueReport',
      summary: 'On-call hours, pages and night interruptions per person for a month',
      description:
        'JSON by default; CSV (one row per person, then a team-mean row, CRLF line ends, sent as an attachment) with ' +
        '`format=csv` or `Accept: text/csv`. `format` wins over the Accept header.',
      query: fatigueQuery,
      responses: {
        200: {
          description: 'The report',
          schema: fatigueReport,
          alternatives: [{ contentType: 'text/csv', schema: z.string(), example: csvExample }],
          headers: {
            'Content-Disposition': {
              description: 'CSV only: attachment; filename="fatigue-<month>[-<scheduleId>].csv"',
              schema: { type: 'string' },
            },
          },
        },
      },
      errors: [404, 422],
    },
    {
      method: 'get',
      path: `${v1}/reports/debrief`,
      operationId: 'debriefReport',
      summary: 'The night before `date` (18:00 to the debrief time, 08:00 by default, local): calls, alerts, who was woken',
      query: debriefQuery,
      responses: { 200: { description: 'The debrief', schema: debrief } },
    },
    {
      method: 'get',
      path: `${v1}/teams/{id}/debrief`,
      operationId: 'getTeamDebrief',
      summary: "When the team's morning debrief goes out (local time and zone), and the next one",
      responses: { 200: { description: 'The settings, defaults filled in', schema: teamDebrief } },
    },
    {
      method: 'put',
      path: `${v1}/teams/{id}/debrief`,
      operationId: 'setTeamDebrief',
      summary: "Change when (or whether) the team's morning debrief goes out; it is sent by email and Slack to members who want it",
      body: { schema: teamDebriefBody, example: { time: '07:30', timezone: 'America/Chicago' } },
      responses: { 200: { description: 'Saved', schema: teamDebrief } },
    },
  ],
});

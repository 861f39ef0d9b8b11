import { z } from 'zod';
import { paginationQuery } from '../validation/common';
import {
  createOverrideBody,
  createTimeOffBody,
  patchOverrideBody,
  patchTimeOffBody,
  rangeQuery,
  swapBody,
} from '../validation/override.schemas';
import { createScheduleBody, updateScheduleBody } from '../validation/schedule.schemas';
import { feedQuery } from '../routes/schedules-calendar.routes';
import { holidayBody, holidayImportQuery, holidayQuery } from '../routes/schedules-holidays.routes';
import { fairnessQuery } from '../routes/schedules-swaps.routes';
import { atQuery, viewRangeQuery } from '../routes/schedules-view.routes';
import { docGroup, type OperationDoc } from './registry';
import * as R from './responses.openapi';

/** Docs for /api/v1/schedules and everything nested under one schedule. */

const base = '/api/v1/schedules';
const one = `${base}/{id}`;
const ok = (schema: z.ZodType) => ({ 200: { description: 'OK', schema } });
const created = (schema: z.ZodType) => ({ 201: { description: 'Created', schema } });
const removedOrEnded = {
  200: { description: 'It had started: it now ends now', schema: R.ended },
  204: { description: 'It had not started: removed' },
};
const link = (operationId: string, parameters: Record<string, string>) => ({
  [operationId]: { operationId, parameters },
});

/** Sub-resources (overrides, time off) share one shape of five operations. */
function nested(
  noun: string,
  segment: string,
  idName: string,
  item: z.ZodType,
  create: z.ZodType,
  patch: z.ZodType,
): OperationDoc[] {
  const path = `${one}/${segment}`;
  const byId = `${path}/{${idName}}`;
  const links = {
    ...link(`get${noun}`, { id: '$request.path.id', [idName]: '$response.body#/id' }),
    ...link(`update${noun}`, { id: '$request.path.id', [idName]: '$response.body#/id' }),
  };
  return [
    {
      method: 'post',
      path,
      operationId: `create${noun}`,
      summary: `Add a ${noun.toLowerCase()} to a schedule`,
      body: { schema: create },
      responses: created(item),
      errors: [409],
      links,
    },
    {
      method: 'get',
      path,
      operationId: `list${noun}s`,
      summary: `List a schedule's ${noun.toLowerCase()}s in a range`,
      query: rangeQuery,
      responses: ok(R.pageOf(item, `${noun}List`)),
    },
    {
      method: 'get',
      path: byId,
      operationId: `get${noun}`,
      summary: `Read a ${noun.toLowerCase()}`,
      responses: ok(item),
    },
    {
      method: 'patch',
      path: byId,
      operationId: `update${noun}`,
      summary: `Change a ${noun.toLowerCase()}`,
      body: { schema: patch },
      responses: ok(item),
      errors: [409],
    },
    {
      method: 'delete',
      path: byId,
      operationId: `delete${noun}`,
      summary: `Remove a ${noun.toLowerCase()} (or end it now if it has started)`,
      responses: removedOrEnded,
      errors: [409],
    },
  ];
}

const schedulePage = R.pageOf(R.schedule, 'Schedule');
const scheduleLinks = {
  ...link('getSchedule', { id: '$response.body#/id' }),
  ...link('updateSchedule', { id: '$response.body#/id' }),
  ...link('whoIsOnCall', { id: '$response.body#/id' }),
  ...link('listShifts', { id: '$response.body#/id' }),
  ...link('createOverride', { id: '$response.body#/id' }),
  ...link('createHoliday', { id: '$response.body#/id' }),
};

export const schedulesDocs = docGroup({
  tag: 'Schedules',
  description:
    'Rotations (with layers and restrictions), overrides, swaps, time off, holidays, and who is on call.',
  auth: 'bearer',
  operations: [
    {
      method: 'post',
      path: base,
      operationId: 'createSchedule',
      summary: 'Create a schedule',
      body: {
        schema: createScheduleBody,
        example: {
          name: 'Primary',
          timezone: 'America/Chicago',
          rotationType: 'weekly',
          handoffTime: '09:00',
          handoffDay: 1,
          startDate: '2026-06-01',
          members: [{ userId: '665f1c2b9d3e4a0012345678' }],
        },
      },
      responses: created(R.schedule),
      links: scheduleLinks,
    },
    {
      method: 'get',
      path: base,
      operationId: 'listSchedules',
      summary: 'List schedules',
      query: paginationQuery,
      responses: ok(schedulePage),
    },
    {
      method: 'get',
      path: one,
      operationId: 'getSchedule',
      summary: 'Read a schedule',
      responses: ok(R.schedule),
    },
    {
      method: 'patch',
      path: one,
      operationId: 'updateSchedule',
      summary: 'Change top-level fields of a schedule (the result is re-validated whole)',
      body: { schema: updateScheduleBody },
      responses: ok(R.schedule),
    },
    {
      method: 'delete',
      path: one,
      operationId: 'deleteSchedule',
      summary: 'Delete a schedule (409 while a phone line or policy still uses it)',
      responses: { 204: { description: 'Deleted' } },
      errors: [409],
    },
    ...nested('Override', 'overrides', 'overrideId', R.override, createOverrideBody, patchOverrideBody),
    ...nested('TimeOff', 'time-off', 'timeOffId', R.timeOff, createTimeOffBody, patchTimeOffBody),
    {
      method: 'post',
      path: `${one}/swaps`,
      operationId: 'swapShifts',
      summary: 'Swap two shifts (two linked overrides)',
      body: { schema: swapBody },
      responses: created(z.looseObject({ swapId: z.string(), overrides: z.array(R.override) })),
      errors: [422],
    },
    {
      method: 'delete',
      path: `${one}/swaps/{swapId}`,
      operationId: 'cancelSwap',
      summary: 'Cancel both halves of a swap',
      responses: ok(z.looseObject({ swapId: z.string(), overrides: z.array(R.anyObject) })),
      errors: [409],
    },
    {
      method: 'get',
      path: `${one}/fairness`,
      operationId: 'fairness',
      summary: 'On-call hours per member, to keep swaps fair',
      query: fairnessQuery,
      responses: ok(R.anyObject),
      errors: [422],
    },
    {
      method: 'post',
      path: `${one}/holidays`,
      operationId: 'createHoliday',
      summary: 'Add a holiday',
      body: { schema: holidayBody, example: { date: '2026-12-25', name: 'Christmas' } },
      responses: created(R.holiday),
      errors: [409],
    },
    {
      method: 'get',
      path: `${one}/holidays`,
      operationId: 'listHolidays',
      summary: 'List holidays',
      query: holidayQuery,
      responses: ok(z.looseObject({ data: z.array(R.holiday) })),
    },
    {
      method: 'delete',
      path: `${one}/holidays/{holidayId}`,
      operationId: 'deleteHoliday',
      summary: 'Remove a holiday',
      responses: { 204: { description: 'Deleted' } },
    },
    {
      method: 'post',
      path: `${one}/holidays/import`,
      operationId: 'importHolidays',
      summary: 'Import holidays from an iCalendar file (idempotent)',
      query: holidayImportQuery(new Date(0), 'UTC'),
      body: {
        schema: z.string(),
        contentType: 'text/calendar',
        example:
          'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261225\r\nSUMMARY:Christmas\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n',
      },
      responses: created(z.looseObject({ holidays: z.array(R.holiday) })),
      errors: [415],
    },
    {
      method: 'get',
      path: `${one}/oncall`,
      operationId: 'whoIsOnCall',
      summary: 'Who is on call at an instant (default now), and why',
      query: atQuery,
      responses: ok(R.onCall),
      errors: [422],
    },
    {
      method: 'get',
      path: `${one}/shifts`,
      operationId: 'listShifts',
      summary: 'Resolved shifts in a range, gaps included',
      query: viewRangeQuery,
      responses: ok(z.looseObject({ from: z.string(), to: z.string(), data: z.array(R.shift) })),
      errors: [422],
    },
    {
      method: 'get',
      path: `${one}/layers/shifts`,
      operationId: 'listLayerShifts',
      summary: "Each layer's own rotation in a range (no overrides, time off or holidays): the console's lanes",
      query: viewRangeQuery,
      responses: ok(R.layerLanes),
      errors: [422],
    },
    {
      method: 'get',
      path: `${one}/calendar.ics`,
      operationId: 'calendarFeed',
      summary: 'iCalendar feed of the shifts (authenticated by ?token=, the schedule feed token)',
      auth: 'calendarToken',
      query: feedQuery,
      responses: { 200: { description: 'text/calendar', contentType: 'text/calendar', schema: z.string() } },
      errors: [401, 403, 422],
    },
  ],
});

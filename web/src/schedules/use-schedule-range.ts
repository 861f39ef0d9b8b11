import { useQuery } from '@tanstack/react-query';
import { client, ok } from '../api/client';
import type { Schedule } from '../api/types';
import type { ShiftContext } from './shift-kinds';

export interface ViewRange {
  from: string;
  to: string;
}

const USERS_KEY = ['users'];

/**
 * Everything the calendar and the lanes draw for one visible range, fetched in parallel: the final schedule,
 * each layer's own rotation, the overrides (to tell swap halves apart), the time off, and people's names.
 * Every key starts with ['shifts', scheduleId], so a write that invalidates that prefix redraws all of it.
 */
export function useScheduleRange(schedule: Schedule, range: ViewRange | null) {
  const path = { id: schedule.id };
  const query = range ? { from: range.from, to: range.to } : undefined;
  const key = (what: string) => ['shifts', schedule.id, what, range?.from, range?.to];
  const enabled = !!range;
  const final = useQuery({ queryKey: key('final'), enabled, queryFn: () => ok(client.GET('/api/v1/schedules/{id}/shifts', { params: { path, query } })) });
  const layers = useQuery({ queryKey: key('layers'), enabled, queryFn: () => ok(client.GET('/api/v1/schedules/{id}/layers/shifts', { params: { path, query } })) });
  const overrides = useQuery({
    queryKey: key('overrides'),
    enabled,
    queryFn: () => ok(client.GET('/api/v1/schedules/{id}/overrides', { params: { path, query: { ...query, limit: 200 } } })),
  });
  const timeOff = useQuery({
    queryKey: key('time-off'),
    enabled,
    queryFn: () => ok(client.GET('/api/v1/schedules/{id}/time-off', { params: { path, query: { ...query, limit: 200 } } })),
  });
  const users = useQuery({ queryKey: USERS_KEY, queryFn: () => ok(client.GET('/api/v1/users', { params: { query: { limit: 200 } } })) });
  const names = new Map((users.data?.data ?? []).map((u) => [u.id, u.name]));
  const ctx: ShiftContext = {
    swapOverrides: new Set((overrides.data?.data ?? []).filter((o) => o.swapId).map((o) => o.id)),
    nameOf: (id) => names.get(id) ?? id,
  };
  return { final, layers, timeOff, ctx, loaded: final.isSuccess && layers.isSuccess && overrides.isSuccess && timeOff.isSuccess };
}

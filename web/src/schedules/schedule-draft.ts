// Straight from the generated types (not ../api/client): this file is pure and its unit test runs without a DOM.
import type { components, paths } from '../../../src/client/nightline-api.types';

/** The schedule form's state: layer 0 is the schedule's top-level rotation, layers 1… are `layers[]` in the API. */

export type RotationType = 'daily' | 'weekly' | 'custom';

export interface RestrictionDraft {
  key: string;
  days: string[];
  start: string;
  end: string;
}

export interface LayerDraft {
  key: string;
  name: string;
  rotationType: RotationType;
  handoffTime: string;
  handoffDay: string;
  periodUnit: 'days' | 'hours';
  period: number;
  startDate: string;
  members: string[];
  restrictions: RestrictionDraft[];
}

export interface ScheduleDraft {
  name: string;
  timezone: string;
  layers: LayerDraft[];
}

type Schedule = components['schemas']['Schedule'];
export type ScheduleBody = NonNullable<paths['/api/v1/schedules']['post']['requestBody']>['content']['application/json'];
type LayerBody = NonNullable<ScheduleBody['layers']>[number];
type ApiLayer = Schedule['layers'][number];

let seq = 0;
export const newKey = (): string => `k${++seq}`;

export function emptyLayer(startDate: string): LayerDraft {
  return { key: newKey(), name: '', rotationType: 'weekly', handoffTime: '09:00', handoffDay: '1', periodUnit: 'days', period: 1, startDate, members: [], restrictions: [] };
}

export function emptyDraft(timezone: string, startDate: string): ScheduleDraft {
  return { name: '', timezone, layers: [emptyLayer(startDate)] };
}

function layerDraft(l: ApiLayer, name = ''): LayerDraft {
  return {
    key: newKey(),
    name,
    rotationType: l.rotationType,
    handoffTime: l.handoffTime,
    handoffDay: String(l.handoffDay ?? 1),
    periodUnit: l.periodDays === undefined && l.periodHours !== undefined ? 'hours' : 'days',
    period: l.periodDays ?? l.periodHours ?? 1,
    startDate: l.startDate,
    members: l.members.map((m) => m.userId),
    restrictions: (l.restrictions ?? []).map((r) => ({ key: newKey(), days: (r.days ?? []).map(String), start: r.start, end: r.end })),
  };
}

/** A stored schedule as the form's starting point. */
export function draftOf(s: Schedule): ScheduleDraft {
  return { name: s.name, timezone: s.timezone, layers: [layerDraft(s), ...s.layers.map((l) => layerDraft(l, l.name ?? ''))] };
}

function layerBody(l: LayerDraft): LayerBody {
  return {
    rotationType: l.rotationType,
    handoffTime: l.handoffTime,
    ...(l.rotationType === 'weekly' ? { handoffDay: Number(l.handoffDay) } : {}),
    ...(l.rotationType === 'custom' ? (l.periodUnit === 'days' ? { periodDays: l.period } : { periodHours: l.period }) : {}),
    startDate: l.startDate,
    members: l.members.map((userId) => ({ userId })),
    restrictions: l.restrictions.map((r) => ({ ...(r.days.length ? { days: r.days.map(Number) } : {}), start: r.start, end: r.end })),
  };
}

/** The POST /schedules body (PATCH takes the same fields). */
export function bodyOf(d: ScheduleDraft): ScheduleBody {
  const [first, ...rest] = d.layers;
  if (!first) throw new Error('a schedule has at least one layer');
  return {
    name: d.name,
    timezone: d.timezone,
    ...layerBody(first),
    layers: rest.map((l) => ({ ...(l.name.trim() ? { name: l.name.trim() } : {}), ...layerBody(l) })),
  };
}

/** Where the API names layer i's fields in a 400: top level for layer 0, `layers.<i-1>.` after it. */
export const fieldPrefix = (layerIndex: number): string => (layerIndex === 0 ? '' : `layers.${layerIndex - 1}.`);

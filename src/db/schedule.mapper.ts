import { DateTime } from 'luxon';
import type { Layer, RotationMember, Weekday } from '../domain/schedule.types';
import type { ScheduleDoc } from './schedule.model';

/** The REST representation of one rotation layer (also the top level of a schedule body). */
export interface LayerDto {
  name?: string;
  rotationType: Layer['rotationType'];
  handoffTime: string;
  handoffDay?: number;
  periodDays?: number;
  periodHours?: number;
  startDate: string;
  members: { userId: string }[];
  restrictions?: { days?: number[]; start: string; end: string }[];
}

export interface ScheduleInput extends LayerDto {
  name: string;
  timezone: string;
  layers?: LayerDto[];
  holidayRotation?: { members: { userId: string }[] } | null;
}

export interface ScheduleDto extends ScheduleInput {
  id: string;
  layers: LayerDto[];
  holidayRotation: { members: { userId: string }[] } | null;
  /** Subscribable iCal feed: path with the schedule's feed token (calendar apps cannot send headers). */
  /** Only in the answer that created the schedule: the feed token is shown once (rotate-feed-token for a new one). */
  calendarFeed?: string;
  createdAt: string;
  updatedAt: string;
}

const members = (ms: readonly RotationMember[]) => ms.map((m) => ({ userId: m.userId }));

/** Weekly layers without handoffDay hand off on startDate's weekday; we store that explicitly. */
export function toLayer(l: LayerDto, timezone: string): Layer {
  const layer: Layer = {
    rotationType: l.rotationType,
    handoffTime: l.handoffTime,
    startDate: l.startDate,
    members: members(l.members),
  };
  if (l.name !== undefined) layer.name = l.name;
  if (l.rotationType === 'weekly') {
    layer.handoffDay = (l.handoffDay ?? DateTime.fromISO(l.startDate, { zone: timezone }).weekday % 7) as Weekday;
  } else if (l.handoffDay !== undefined) layer.handoffDay = l.handoffDay as Weekday;
  if (l.periodDays !== undefined) layer.periodDays = l.periodDays;
  if (l.periodHours !== undefined) layer.periodHours = l.periodHours;
  if (l.restrictions?.length) {
    layer.restrictions = l.restrictions.map((r) => ({ ...r, days: r.days as Weekday[] | undefined }));
  }
  return layer;
}

function fromLayer(l: Layer): LayerDto {
  const dto: LayerDto = {
    rotationType: l.rotationType,
    handoffTime: l.handoffTime,
    startDate: l.startDate,
    members: members(l.members),
  };
  if (l.name) dto.name = l.name;
  for (const k of ['handoffDay', 'periodDays', 'periodHours'] as const) {
    if (l[k] !== undefined && l[k] !== null) dto[k] = l[k];
  }
  if (l.restrictions?.length) {
    dto.restrictions = l.restrictions.map((r) => (r.days?.length ? { days: [...r.days], start: r.start, end: r.end } : { start: r.start, end: r.end }));
  }
  return dto;
}

/** Input (REST) → the fields stored on the schedule document. */
export function toDocFields(input: ScheduleInput): Pick<ScheduleDoc, 'name' | 'timezone' | 'layers' | 'holidayRotation'> {
  const { name, timezone, layers = [], holidayRotation, ...first } = input;
  return {
    name,
    timezone,
    layers: [first, ...layers].map((l) => toLayer(l, timezone)),
    holidayRotation: holidayRotation ? { members: members(holidayRotation.members) } : null,
  };
}

export function toScheduleDto(d: ScheduleDoc): ScheduleDto {
  const [first, ...rest] = d.layers.map(fromLayer);
  const top = first ?? { rotationType: 'daily', handoffTime: '09:00', startDate: '1970-01-01', members: [] };
  delete top.name;
  return {
    id: String(d._id),
    name: d.name,
    timezone: d.timezone,
    ...top,
    layers: rest,
    holidayRotation: d.holidayRotation ? { members: members(d.holidayRotation.members) } : null,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
  };
}

/** Every member reference of an input with the field path used in error messages. */
export function memberRefs(input: Partial<ScheduleInput>): { path: string; userId: string }[] {
  const refs: { path: string; userId: string }[] = [];
  input.members?.forEach((m, i) => refs.push({ path: `members.${i}.userId`, userId: m.userId }));
  input.layers?.forEach((l, li) =>
    l.members.forEach((m, i) => refs.push({ path: `layers.${li}.members.${i}.userId`, userId: m.userId })),
  );
  input.holidayRotation?.members.forEach((m, i) =>
    refs.push({ path: `holidayRotation.members.${i}.userId`, userId: m.userId }),
  );
  return refs;
}

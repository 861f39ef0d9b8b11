import type { Layer, Schedule } from '../domain/schedule.types';
import { toLayer } from '../db/schedule.mapper';
import { startDateForCurrentIndex } from '../domain/seed-rotation';
import type { ScheduleFile } from './schedule-file.schema';

export interface Person {
  name: string;
  phone: string | null;
}

/** What the CLI commands work on: a domain schedule plus the names and phones of everyone it mentions. */
export interface LoadedSchedule {
  schedule: Schedule;
  people: Map<string, Person>;
  /** NightDesk runbooks only: their escalation rules. */
  escalationRules?: { trigger: string; page: string; method: string }[];
}

/**
 * Converts a parsed schedule file into the domain shape (same layer rules as the REST API). A seed-shaped
 * file (currentIndex, no startDate) is placed so that member is on call at `now`, the moment it is read.
 */
export function fromScheduleFile(f: ScheduleFile, now: Date = new Date()): LoadedSchedule {
  const { name, timezone, layers = [], currentIndex, startDate, ...rest } = f;
  const first = {
    ...rest,
    startDate:
      startDate ?? startDateForCurrentIndex({ ...rest, memberCount: rest.members.length, currentIndex: currentIndex ?? 0 }, timezone, now),
  };
  const people = new Map<string, Person>();
  for (const u of f.users ?? []) people.set(u.id, { name: u.name, phone: u.phone ?? null });
  const allLayers: Layer[] = [first, ...layers].map((l) => {
    for (const m of l.members) {
      if (m.name && !people.has(m.userId)) people.set(m.userId, { name: m.name, phone: m.phone ?? null });
    }
    return toLayer(l, timezone);
  });
  for (const m of f.holidayRotation?.members ?? []) {
    if (m.name && !people.has(m.userId)) people.set(m.userId, { name: m.name, phone: m.phone ?? null });
  }
  const created = new Date(0);
  const schedule: Schedule = {
    id: f.id ?? 'file',
    name,
    timezone,
    layers: allLayers,
    overrides: (f.overrides ?? []).map((o, i) => ({
      id: o.id ?? `override-${i}`,
      userId: o.userId,
      startsAt: o.startsAt,
      endsAt: o.endsAt,
      replacesUserId: o.replacesUserId ?? null,
      ...(o.reason ? { reason: o.reason } : {}),
      // File order is creation order: a later entry wins where overrides overlap.
      createdAt: new Date(created.getTime() + i),
    })),
    timeOff: (f.timeOff ?? []).map((t, i) => ({ id: t.id ?? `time-off-${i}`, ...t })),
    holidays: f.holidays ?? [],
    ...(f.holidayRotation ? { holidayRotation: { members: f.holidayRotation.members } } : {}),
  };
  return { schedule, people };
}

import type { Connection } from 'mongoose';
import { DateTime } from 'luxon';
import type { Schedule } from '../domain/schedule.types';
import { holidayRotationWithLedger } from './schedule-holiday-ledger';
import { holidaysWithLedger } from './schedule-holiday.repository';
import { settleSwaps } from './schedule-swap.repository';
import type { ScheduleDoc } from './schedule.model';
import { overridesInWindow } from './schedule-override.repository';
import { timeOffInWindow } from './schedule-time-off.repository';

const DAY_MS = 86_400_000;

/** Longest shift any layer can produce: answers near `at` never depend on entries further away. */
export function longestShiftMs(doc: Pick<ScheduleDoc, 'layers'>): number {
  let max = DAY_MS;
  for (const l of doc.layers) {
    const p = l.rotationType === 'weekly' ? 7 * DAY_MS : l.periodDays ? l.periodDays * DAY_MS : (l.periodHours ?? 24) * 3_600_000;
    max = Math.max(max, p);
  }
  return max;
}

/**
 * Builds the domain Schedule from its documents, loading only the overrides and time off that overlap
 * [from, to), and every holiday up to `to` (padded by a day: holidays are local dates): who works a
 * holiday depends on who worked the ones before it (holiday-ledger.ts), and a schedule has few.
 */
export async function assembleSchedule(conn: Connection, doc: ScheduleDoc, from: Date, to: Date): Promise<Schedule> {
  const id = String(doc._id);
  const localDate = (d: Date, shift: number) =>
    DateTime.fromJSDate(d, { zone: doc.timezone }).plus({ days: shift }).toISODate() ?? '0000-01-01';
  // Alongside the read, a swap cut short is finished (committed) or undone (stale); the read itself already
  // counts a committed swap's halves, hidden or not.
  const [, overrides, timeOff, { holidays, ledger }] = await Promise.all([
    settleSwaps(conn, id),
    overridesInWindow(conn, id, from, to),
    timeOffInWindow(conn, id, from, to),
    holidaysWithLedger(conn, id, localDate(to, 1)),
  ]);
  const holidayRotation = await holidayRotationWithLedger(conn, doc, holidays, ledger);
  return {
    id,
    name: doc.name,
    timezone: doc.timezone,
    layers: doc.layers,
    overrides,
    timeOff,
    holidays,
    ...(holidayRotation ? { holidayRotation } : {}),
  };
}

/** The window needed to answer "who is on call at `at`" including the bounds of that shift. */
export function windowAround(doc: Pick<ScheduleDoc, 'layers'>, at: Date): { from: Date; to: Date } {
  const pad = longestShiftMs(doc) + DAY_MS;
  return { from: new Date(at.getTime() - pad), to: new Date(at.getTime() + pad) };
}

import { DateTime } from 'luxon';
import type { Shift } from './schedule.types';

/** A notification that reached (or tried to reach) a person. */
export interface PageEvent {
  userId: string;
  alertId: string;
  at: Date;
}

export interface FatiguePerson {
  userId: string;
  /** Hours on call within the month (clipped to it), across the given shifts. */
  onCallHours: number;
  /** Distinct alerts that paged this person. */
  pages: number;
  /** Notifications sent (calls and SMS, retries included). */
  notifications: number;
  /** Distinct (alert, local hour) pairs with a notification inside the person's night window. */
  nightInterruptions: number;
}

export interface FatigueInput {
  /** 'YYYY-MM'. */
  month: string;
  /** The zone the month is read in (the report's, usually the schedule's). */
  zone: string;
  shifts: readonly Shift[];
  pages: readonly PageEvent[];
  /** Each person's zone, for their own night; UTC when unknown. */
  userZones: ReadonlyMap<string, string>;
  night?: { startHour: number; endHour: number };
}

export const DEFAULT_NIGHT = { startHour: 22, endHour: 7 };

export function monthBounds(month: string, zone: string): { from: Date; to: Date } {
  const start = DateTime.fromFormat(month, 'yyyy-MM', { zone });
  if (!start.isValid) throw new RangeError(`invalid month "${month}" (want YYYY-MM)`);
  return { from: start.toJSDate(), to: start.plus({ months: 1 }).toJSDate() };
}

/** Hours on call, pages and night-time interruptions per person for one month; pure. */
export function fatigueReport(input: FatigueInput): FatiguePerson[] {
  const { from, to } = monthBounds(input.month, input.zone);
  const night = input.night ?? DEFAULT_NIGHT;
  const people = new Map<string, FatiguePerson & { alerts: Set<string>; nights: Set<string> }>();
  const person = (userId: string) => {
    let p = people.get(userId);
    if (!p) {
      p = { userId, onCallHours: 0, pages: 0, notifications: 0, nightInterruptions: 0, alerts: new Set(), nights: new Set() };
      people.set(userId, p);
    }
    return p;
  };

  for (const s of input.shifts) {
    if (!s.userId) continue;
    const start = Math.max(s.start.getTime(), from.getTime());
    const end = Math.min(s.end.getTime(), to.getTime());
    if (end > start) person(s.userId).onCallHours += (end - start) / 3_600_000;
  }
  for (const e of input.pages) {
    if (e.at < from || e.at >= to) continue;
    const p = person(e.userId);
    p.notifications += 1;
    p.alerts.add(e.alertId);
    const local = DateTime.fromJSDate(e.at, { zone: input.userZones.get(e.userId) ?? 'UTC' });
    if (isNight(local.hour, night)) p.nights.add(`${e.alertId}@${local.toFormat('yyyy-MM-dd HH')}`);
  }
  return [...people.values()]
    .map(({ alerts, nights, ...p }) => ({
      ...p,
      onCallHours: Math.round(p.onCallHours * 100) / 100,
      pages: alerts.size,
      nightInterruptions: nights.size,
    }))
    .sort((a, b) => b.onCallHours - a.onCallHours || a.userId.localeCompare(b.userId));
}

function isNight(hour: number, night: { startHour: number; endHour: number }): boolean {
  return night.startHour > night.endHour
    ? hour >= night.startHour || hour < night.endHour
    : hour >= night.startHour && hour < night.endHour;
}

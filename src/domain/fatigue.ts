import { DateTime } from 'luxon';
import { addSplitHours, emptySplit, round2, roundSplit, type HoursSplit } from './fatigue-hours';
import type { Shift } from './schedule.types';

/** A notification that reached (or tried to reach) a person. */
export interface PageEvent {
  userId: string;
  alertId: string;
  at: Date;
}

/** An alert this person acknowledged, and when. */
export interface AckEvent {
  userId: string;
  alertId: string;
  at: Date;
}

export interface FatiguePerson {
  userId: string;
  /** Hours on call within the month (clipped to it), split by kind of time in the person's zone. */
  onCallHours: HoursSplit;
  /** Distinct alerts that paged this person. */
  pages: number;
  /** Notifications sent (calls and SMS, retries included). */
  notifications: number;
  /** Notifications grouped as PagerDuty does: those within 60 s of the previous one are one interruption. */
  interruptions: number;
  /** Interruptions starting inside the person's night (22:00–07:00 in their zone). */
  nightInterruptions: number;
  /** Alerts this person acknowledged after being paged, and how long that took (seconds). */
  acknowledged: number;
  meanAckSeconds: number | null;
  worstAckSeconds: number | null;
  /** Fairness warnings about this person (see FATIGUE_LIMITS). */
  warnings: FatigueWarning[];
}

export interface FatigueWarning {
  code: 'night_interruptions' | 'on_call_hours';
  message: string;
}

export interface TeamMean {
  people: number;
  onCallHours: number;
  pages: number;
  interruptions: number;
  nightInterruptions: number;
  meanAckSeconds: number | null;
}

export interface FatigueInput {
  /** 'YYYY-MM'. */
  month: string;
  /** The zone the month is read in (the report's, usually the schedule's). */
  zone: string;
  shifts: readonly Shift[];
  pages: readonly PageEvent[];
  acks?: readonly AckEvent[];
  /** Each person's zone, for their own night and business day; UTC when unknown. */
  userZones: ReadonlyMap<string, string>;
  /** Local dates (YYYY-MM-DD) that are holidays. */
  holidays?: ReadonlySet<string>;
  /** People reported even with nothing to report (a schedule's members). */
  people?: readonly string[];
  night?: { startHour: number; endHour: number };
}

export const DEFAULT_NIGHT = { startHour: 22, endHour: 7 };
export const FATIGUE_LIMITS = {
  /** Notifications closer than this to the previous one are the same interruption. */
  groupWithinMs: 60_000,
  /** More than this many night interruptions within `nightWindowMs` warns. */
  nightInterruptions: 3,
  nightWindowMs: 7 * 86_400_000,
  /** On-call hours above the team mean by more than this fraction warn. */
  hoursAboveMean: 0.5,
};

export function monthBounds(month: string, zone: string): { from: Date; to: Date } {
  const start = DateTime.fromFormat(month, 'yyyy-MM', { zone });
  if (!start.isValid) throw new RangeError(`invalid month "${month}" (want YYYY-MM)`);
  return { from: start.toJSDate(), to: start.plus({ months: 1 }).toJSDate() };
}

interface Acc {
  hours: HoursSplit;
  times: number[];
  alerts: Set<string>;
  firstPage: Map<string, number>;
  acks: number[];
}

/** Hours, pages, interruptions, acknowledgement times and warnings per person for one month, plus the team mean; pure. */
export function fatigueReport(input: FatigueInput): { people: FatiguePerson[]; team: TeamMean } {
  const { from, to } = monthBounds(input.month, input.zone);
  const zoneOf = (id: string) => input.userZones.get(id) ?? 'UTC';
  const acc = new Map<string, Acc>();
  const of = (userId: string) => {
    let a = acc.get(userId);
    if (!a) acc.set(userId, (a = { hours: emptySplit(), times: [], alerts: new Set(), firstPage: new Map(), acks: [] }));
    return a;
  };
  for (const id of input.people ?? []) of(id);
  for (const s of input.shifts) {
    if (!s.userId) continue;
    const start = Math.max(s.start.getTime(), from.getTime());
    const end = Math.min(s.end.getTime(), to.getTime());
    if (end > start) addSplitHours(of(s.userId).hours, start, end, zoneOf(s.userId), input.holidays ?? new Set());
  }
  for (const e of input.pages) {
    const t = e.at.getTime();
    if (t < from.getTime() || t >= to.getTime()) continue;
    const a = of(e.userId);
    a.times.push(t);
    a.alerts.add(e.alertId);
    if (t < (a.firstPage.get(e.alertId) ?? Infinity)) a.firstPage.set(e.alertId, t);
  }
  for (const k of input.acks ?? []) {
    const first = acc.get(k.userId)?.firstPage.get(k.alertId);
    if (first !== undefined && k.at.getTime() >= first) acc.get(k.userId)!.acks.push((k.at.getTime() - first) / 1000);
  }
  const night = input.night ?? DEFAULT_NIGHT;
  const people = [...acc].map(([userId, a]) => person(userId, a, zoneOf(userId), night));
  const team = teamMean(people);
  for (const p of people) p.warnings.push(...warnings(p, team, acc.get(p.userId)!, zoneOf(p.userId), night));
  people.sort((a, b) => b.onCallHours.total - a.onCallHours.total || a.userId.localeCompare(b.userId));
  return { people, team };
}

/** Starts of interruptions: notifications within 60 s of the previous one belong to the same interruption. */
function interruptionStarts(times: number[]): number[] {
  const sorted = [...times].sort((x, y) => x - y);
  return sorted.filter((t, i) => i === 0 || t - sorted[i - 1]! > FATIGUE_LIMITS.groupWithinMs);
}

const nightStarts = (times: number[], zone: string, night: { startHour: number; endHour: number }) =>
  interruptionStarts(times).filter((t) => isNight(DateTime.fromMillis(t, { zone }).hour, night));

function person(userId: string, a: Acc, zone: string, night: { startHour: number; endHour: number }): FatiguePerson {
  return {
    userId,
    onCallHours: roundSplit(a.hours),
    pages: a.alerts.size,
    notifications: a.times.length,
    interruptions: interruptionStarts(a.times).length,
    nightInterruptions: nightStarts(a.times, zone, night).length,
    acknowledged: a.acks.length,
    meanAckSeconds: a.acks.length ? Math.round(a.acks.reduce((s, x) => s + x, 0) / a.acks.length) : null,
    worstAckSeconds: a.acks.length ? Math.round(Math.max(...a.acks)) : null,
    warnings: [],
  };
}

function teamMean(people: FatiguePerson[]): TeamMean {
  const n = people.length;
  const mean = (f: (p: FatiguePerson) => number) => (n ? round2(people.reduce((s, p) => s + f(p), 0) / n) : 0);
  const acked = people.filter((p) => p.meanAckSeconds !== null);
  return {
    people: n,
    onCallHours: mean((p) => p.onCallHours.total),
    pages: mean((p) => p.pages),
    interruptions: mean((p) => p.interruptions),
    nightInterruptions: mean((p) => p.nightInterruptions),
    meanAckSeconds: acked.length ? Math.round(acked.reduce((s, p) => s + p.meanAckSeconds!, 0) / acked.length) : null,
  };
}

function warnings(p: FatiguePerson, team: TeamMean, a: Acc, zone: string, night: { startHour: number; endHour: number }): FatigueWarning[] {
  const out: FatigueWarning[] = [];
  const nights = nightStarts(a.times, zone, night);
  const worst = Math.max(0, ...nights.map((t, i) => nights.slice(i).filter((u) => u - t < FATIGUE_LIMITS.nightWindowMs).length));
  if (worst > FATIGUE_LIMITS.nightInterruptions) {
    out.push({ code: 'night_interruptions', message: `${worst} night-time interruptions within 7 days (more than ${FATIGUE_LIMITS.nightInterruptions})` });
  }
  const limit = team.onCallHours * (1 + FATIGUE_LIMITS.hoursAboveMean);
  if (team.onCallHours > 0 && p.onCallHours.total > limit) {
    const pct = Math.round((p.onCallHours.total / team.onCallHours - 1) * 100);
    out.push({ code: 'on_call_hours', message: `${p.onCallHours.total} on-call hours, ${pct}% above the team mean of ${team.onCallHours}` });
  }
  return out;
}

function isNight(hour: number, night: { startHour: number; endHour: number }): boolean {
  return night.startHour > night.endHour
    ? hour >= night.startHour || hour < night.endHour
    : hour >= night.startHour && hour < night.endHour;
}

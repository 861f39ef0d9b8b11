import { DateTime } from 'luxon';
import type { NoticeTopic } from './notice-prefs';
import { shiftsBetween } from './schedule-resolve';
import type { Schedule } from './schedule.types';
import { DAY, HOUR } from './wall-clock';

/**
 * Handoff notices, pure: who must be told what, and when, given a schedule and the instant up to which
 * notices were already handled. Each notice carries a deterministic key so that sending it is idempotent
 * across worker restarts and re-plans.
 */

export type NoticeKind = 'handoff_ended' | 'handoff_started' | 'reminder' | 'shift_change';

export interface PlannedNotice {
  key: string;
  /** Epoch ms at which it is due. */
  at: number;
  kind: NoticeKind;
  topic: NoticeTopic;
  userId: string;
  text: string;
}

/** One person's stretch on call (consecutive shifts of the same person merged; gaps left out). */
export interface ShiftSpan {
  userId: string;
  start: number;
  end: number;
}

/** The on-call spans seen over [from, to) when a plan was made; the next plan diffs against it. */
export interface ShiftSnapshot {
  from: number;
  to: number;
  spans: ShiftSpan[];
}

/** How far ahead handoffs, reminders and change notices are planned. */
export const NOTICE_HORIZON_MS = 14 * DAY;

export interface NoticePlanInput {
  schedule: Schedule;
  /** Notices due at or before this instant were handled already. */
  cursor: number;
  names: Readonly<Record<string, string>>;
  /** Reminder lead per user id; 0 or missing = no reminder. */
  reminderHours: Readonly<Record<string, number>>;
  horizonMs?: number;
}

export interface NoticePlan {
  notices: PlannedNotice[];
  snapshot: ShiftSnapshot;
}

interface Boundary {
  at: number;
  from: string | null;
  to: string | null;
}

/** Every change of the on-call person strictly inside (from, to), in order. */
function boundaries(schedule: Schedule, from: number, to: number): { list: Boundary[]; spans: ShiftSpan[] } {
  const shifts = shiftsBetween(schedule, new Date(from), new Date(to));
  const list: Boundary[] = [];
  const spans: ShiftSpan[] = [];
  let prev: string | null | undefined;
  for (const s of shifts) {
    const at = s.start.getTime();
    const end = s.end.getTime();
    if (prev !== undefined && s.userId !== prev) list.push({ at, from: prev, to: s.userId });
    const last = spans[spans.length - 1];
    if (s.userId !== null && last && last.userId === s.userId && last.end === at) last.end = end;
    else if (s.userId !== null) spans.push({ userId: s.userId, start: at, end });
    prev = s.userId;
  }
  return { list, spans };
}

const local = (at: number, zone: string) =>
  DateTime.fromMillis(at, { zone, locale: 'en-US' }).toFormat('ccc d LLL HH:mm ZZZZ');

/** The sketch's wording for the person going off duty. */
export const endedText = (nextName: string | null) =>
  `Your on-call shift has ended. ${nextName ?? 'Nobody'} is now on-call.`;
/** The sketch's wording for the person coming on. */
export const startedText = (scheduleName: string) => `You are now on-call for ${scheduleName}.`;

/** Handoff notices and reminders due in (cursor, cursor + horizon], sorted by time then key. */
export function planNotices(input: NoticePlanInput): NoticePlan {
  const { schedule, cursor, names } = input;
  const to = cursor + (input.horizonMs ?? NOTICE_HORIZON_MS);
  const { list, spans } = boundaries(schedule, cursor, to);
  const notices: PlannedNotice[] = [];
  const base = `notice:${schedule.id}`;
  for (const b of list) {
    const iso = new Date(b.at).toISOString();
    if (b.from) {
      notices.push({
        key: `${base}:handoff:${iso}:ended:${b.from}`,
        at: b.at,
        kind: 'handoff_ended',
        topic: 'handoffs',
        userId: b.from,
        text: endedText(b.to ? (names[b.to] ?? b.to) : null),
      });
    }
    if (!b.to) continue;
    notices.push({
      key: `${base}:handoff:${iso}:started:${b.to}`,
      at: b.at,
      kind: 'handoff_started',
      topic: 'handoffs',
      userId: b.to,
      text: startedText(schedule.name),
    });
    const hours = input.reminderHours[b.to] ?? 0;
    const remindAt = b.at - hours * HOUR;
    if (hours > 0 && remindAt > cursor) {
      notices.push({
        key: `${base}:reminder:${iso}:${b.to}:${hours}h`,
        at: remindAt,
        kind: 'reminder',
        topic: 'reminders',
        userId: b.to,
        text: `Reminder: your on-call shift for ${schedule.name} starts in ${hours} hour${hours === 1 ? '' : 's'}, at ${local(b.at, schedule.timezone)}.`,
      });
    }
  }
  notices.sort((a, b) => a.at - b.at || (a.key < b.key ? -1 : 1));
  return { notices, snapshot: { from: cursor, to, spans } };
}

/** Ids of everyone on call in [from, to) according to the plan's snapshot. */
export const peopleIn = (snapshot: ShiftSnapshot) => [...new Set(snapshot.spans.map((s) => s.userId))];

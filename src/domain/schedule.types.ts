import type { HolidayLedgerEntry } from './holiday-ledger';
/**
 * Plain-data shapes of the schedule domain. These are what gets persisted (mongoose) and exposed (REST):
 * instants are `Date`, local calendar dates are 'YYYY-MM-DD', wall-clock times are 'HH:mm' in the
 * schedule's IANA `timezone`, ids are strings. Field names follow the seed's vocabulary.
 */

/** 'YYYY-MM-DD', a calendar date in the schedule's time zone. */
export type LocalDate = string;
/** 'HH:mm' (00:00–23:59), a wall-clock time in the schedule's time zone. */
export type WallTime = string;
/** 0 = Sunday … 6 = Saturday (local weekday). */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

export type RotationType = 'daily' | 'weekly' | 'custom';

export interface RotationMember {
  userId: string;
  /** Display data, optional: carried for runbook imports and the CLI; the user record is authoritative. */
  name?: string;
  phone?: string;
}

/**
 * A window during which a layer is active. It starts on each listed local weekday (all days if omitted)
 * at `start` and ends at `end`; `end <= start` means it ends the next day (`end == start` = 24 hours).
 * After-hours Mon–Fri 18:00–09:00 plus weekends =
 *   [{ start: '18:00', end: '09:00' }, { days: [0, 6], start: '09:00', end: '18:00' }].
 */
export interface Restriction {
  days?: Weekday[];
  start: WallTime;
  end: WallTime;
}

/** One rotation. The REST body's top-level rotation fields become layer 0. */
export interface Layer {
  id?: string;
  name?: string;
  rotationType: RotationType;
  /** Local wall time of every handoff. */
  handoffTime: WallTime;
  /** weekly only: local weekday of the handoffs (defaults to startDate's weekday). */
  handoffDay?: Weekday;
  /** custom only: length of a shift in local calendar days. */
  periodDays?: number;
  /** custom only: length of a shift in hours of local wall time (used when periodDays is absent). */
  periodHours?: number;
  /** The first handoff happens on this local date at handoffTime; members[0] starts then. */
  startDate: LocalDate;
  members: RotationMember[];
  /** Omitted or empty: the layer is active all the time. */
  restrictions?: Restriction[];
}

export interface Override {
  id: string;
  userId: string;
  startsAt: Date;
  /** Exclusive. */
  endsAt: Date;
  /** The member replaced (only while that member would be on call); null/omitted = the whole schedule. */
  replacesUserId?: string | null;
  reason?: string;
  /** Among overlapping overrides, the most recently created wins. */
  createdAt: Date;
}

export interface TimeOff {
  id: string;
  userId: string;
  startsAt: Date;
  /** Exclusive. */
  endsAt: Date;
  reason?: string;
}

export interface Holiday {
  date: LocalDate;
  name: string;
}

export interface HolidayRotation {
  members: RotationMember[];
  /** Who worked which holidays before (history the plan must respect and balance against). */
  ledger?: HolidayLedgerEntry[];
}

export interface Schedule {
  id: string;
  name: string;
  /** IANA zone, e.g. 'America/Chicago'. */
  timezone: string;
  /** Index = precedence: a higher index wins wherever it is active and yields someone. */
  layers: Layer[];
  overrides: Override[];
  timeOff: TimeOff[];
  holidays: Holiday[];
  /** Without it (or with no members) holidays are shown in previews but do not change who is on call. */
  holidayRotation?: HolidayRotation;
}

export type OnCallSource = 'rotation' | 'override' | 'cover' | 'holiday';

/** Why nobody is on call (userId null). */
export type GapReason =
  | 'gap: no layer covers this time'
  | 'rotation not started'
  | 'all members unavailable'
  | 'schedule has no layers';

/** The answer to "who is on call at `at`?". A gap has userId null, source 'rotation' and a reason. */
export interface OnCall {
  userId: string | null;
  source: OnCallSource;
  /** Bounds of the stretch during which this exact answer holds; null = unbounded. */
  shiftStart: Date | null;
  shiftEnd: Date | null;
  /** The layer that produced the answer (rotation, cover, and gaps caused by a layer). */
  layerIndex?: number;
  /** source 'cover': the scheduled member on time off; source 'override': the member replaced, if any. */
  coveringFor?: string;
  overrideId?: string;
  /** Name of the holiday if `at` falls on one (whatever the source). */
  holiday?: string;
  /** Gap reason when userId is null; otherwise the override's or time off's reason, if any. */
  reason?: string;
}

/** One entry of `shiftsBetween`: entries are contiguous, non-overlapping and cover [from, to) exactly. */
export interface Shift {
  userId: string | null;
  start: Date;
  end: Date;
  source: OnCallSource;
  layerIndex?: number;
  coveringFor?: string;
  overrideId?: string;
  holiday?: string;
  reason?: string;
}

/** The next change of the on-call person. */
export interface Handoff {
  at: Date;
  fromUserId: string | null;
  toUserId: string | null;
}

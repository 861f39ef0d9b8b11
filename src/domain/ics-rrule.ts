/**
 * iCalendar recurrence rules (RFC 5545 §3.3.10) at the granularity of days, for holiday calendars. Pure, and
 * bounded by construction: expansion walks whole periods (years, months, weeks, days) forward from DTSTART
 * and stops at a last day the caller must give, so no rule can loop forever.
 *
 * Hand-written rather than ical.js's RecurIterator: in ical.js 2.2 a single `next()` never returns for some
 * rules a user can write (FREQ=DAILY;INTERVAL=7;BYDAY=MO from any day but a Monday; FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30),
 * which would hang the API process, and YEARLY rules with a day the month lacks roll into the next month
 * (BYMONTH=2;BYMONTHDAY=29 gives 1 March in common years) instead of being skipped.
 */
import { DAY, localWeekday } from './wall-clock';

const { ceil, floor } = Math;
const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];
const FREQS = ['YEARLY', 'MONTHLY', 'WEEKLY', 'DAILY'] as const;
type Freq = (typeof FREQS)[number];

export interface RecurrenceRule {
  freq: Freq;
  interval: number;
  count?: number;
  /** The raw UNTIL value (a DATE or DATE-TIME); the caller turns it into a last day. With COUNT too, the earlier end wins. */
  until?: string;
  byMonth?: number[];
  byMonthDay?: number[];
  byYearDay?: number[];
  /** nth = 0: every such weekday; otherwise the nth (negative: from the end) in the month or year. */
  byDay?: { nth: number; weekday: number }[];
  bySetPos?: number[];
  weekStart: number;
}

/** Parses an RRULE value such as `FREQ=YEARLY;BYMONTH=11;BYDAY=4TH`; throws an Error saying what is wrong. */
export function parseRrule(value: string): RecurrenceRule {
  const parts = new Map<string, string>();
  // Empty parts are skipped: some exporters end the rule with a ';'.
  for (const part of value.split(';').filter((p) => p.trim())) {
    const m = /^([A-Za-z]+)=(.+)$/.exec(part.trim());
    if (!m) throw new Error(`"${part}" is not NAME=VALUE`);
    const key = m[1]!.toUpperCase();
    if (parts.has(key)) throw new Error(`${key} appears twice`);
    parts.set(key, m[2]!.trim());
  }
  const freq = parts.get('FREQ')?.toUpperCase();
  if (!freq) throw new Error('FREQ is missing');
  if (['HOURLY', 'MINUTELY', 'SECONDLY'].includes(freq))
    throw new Error(`FREQ=${freq} repeats within a day; holidays need DAILY or longer`);
  if (!(FREQS as readonly string[]).includes(freq))
    throw new Error(`unknown FREQ "${freq}" (expected ${FREQS.join(', ')})`);
  const rule: RecurrenceRule = { freq: freq as Freq, interval: 1, weekStart: 1 };
  for (const [key, raw] of parts) {
    const list = (min: number, max: number) => raw.split(',').map((s) => int(key, s, min, max));
    if (key === 'FREQ') continue;
    else if (key === 'INTERVAL') rule.interval = int(key, raw, 1, 10_000);
    else if (key === 'COUNT') rule.count = int(key, raw, 1, 1_000_000);
    else if (key === 'UNTIL') rule.until = untilValue(raw);
    else if (key === 'BYMONTH') rule.byMonth = list(1, 12);
    else if (key === 'BYMONTHDAY') rule.byMonthDay = list(-31, 31);
    else if (key === 'BYYEARDAY') rule.byYearDay = list(-366, 366);
    else if (key === 'BYSETPOS') rule.bySetPos = list(-366, 366);
    else if (key === 'BYDAY') rule.byDay = raw.split(',').map(byDayEntry);
    else if (key === 'WKST') rule.weekStart = weekday(key, raw);
    else if (['BYWEEKNO', 'BYHOUR', 'BYMINUTE', 'BYSECOND'].includes(key))
      throw new Error(`${key} is not supported for holidays`);
    else throw new Error(`unknown part ${key}`);
  }
  if (rule.byYearDay && rule.freq !== 'YEARLY') throw new Error(`BYYEARDAY is only allowed with FREQ=YEARLY`);
  if (rule.byMonthDay && rule.freq === 'WEEKLY')
    throw new Error('BYMONTHDAY is not allowed with FREQ=WEEKLY');
  if (rule.byDay?.some((d) => d.nth !== 0) && rule.freq !== 'MONTHLY' && rule.freq !== 'YEARLY') {
    throw new Error(`BYDAY with a number (such as 4TH) needs FREQ=MONTHLY or YEARLY`);
  }
  return rule;
}

function int(key: string, s: string, min: number, max: number): number {
  const n = /^[+-]?\d{1,7}$/.test(s.trim()) ? Number(s) : NaN;
  if (!Number.isInteger(n) || n < min || n > max || n === 0) {
    throw new Error(
      `${key} value "${s}" must be an integer from ${min} to ${max}${min < 0 ? ', not 0' : ''}`,
    );
  }
  return n;
}

function weekday(key: string, s: string): number {
  const i = WEEKDAYS.indexOf(s.trim().toUpperCase());
  if (i < 0) throw new Error(`${key} value "${s}" is not a weekday (SU, MO, TU, WE, TH, FR, SA)`);
  return i;
}

function byDayEntry(s: string): { nth: number; weekday: number } {
  const m = /^([+-]?\d{1,2})?(SU|MO|TU|WE|TH|FR|SA)$/i.exec(s.trim());
  if (!m) throw new Error(`BYDAY value "${s}" must look like MO, 4TH or -1MO`);
  return { nth: m[1] ? int('BYDAY', m[1], -53, 53) : 0, weekday: weekday('BYDAY', m[2]!) };
}

function untilValue(s: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})(T([01]\d|2[0-3])[0-5]\d[0-5]\dZ?)?$/i.exec(s);
  const date = m ? `${m[1]}-${m[2]}-${m[3]}` : '';
  const t = Date.parse(`${date}T00:00:00Z`);
  if (!m || !Number.isFinite(t) || new Date(t).toISOString().slice(0, 10) !== date) {
    throw new Error(
      `UNTIL value "${s}" must be a date or UTC date-time such as 20271231 or 20271231T235959Z`,
    );
  }
  return s.toUpperCase();
}

/**
 * Days (as day numbers: days since 1970-01-01 in the rule's own calendar) of the rule's occurrences, from
 * `first` (DTSTART, always the first occurrence) to `lastDay` inclusive, ascending. Throws when there would be
 * more than `max`.
 */
export function expandRrule(rule: RecurrenceRule, first: number, lastDay: number, max: number): number[] {
  if (!Number.isFinite(lastDay)) throw new Error('expansion needs a last day');
  const out = [first];
  const count = rule.count ?? Infinity;
  const start = dayInfo(first);
  for (let k = 0; ; k++) {
    const [from, to] = period(rule, start, k);
    if (from > lastDay || out.length >= count) return out;
    for (const day of periodDays(rule, start, from, to)) {
      if (day <= first) continue;
      if (day > lastDay || out.length >= count) return out;
      out.push(day);
      if (out.length > max) throw new Error(`repeats more than ${max} times`);
    }
  }
}

interface DayInfo {
  day: number;
  y: number;
  m: number;
  d: number;
  weekday: number;
  yearDay: number;
  monthLength: number;
  yearLength: number;
}

const MONTH_LENGTHS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const DAYS_BEFORE_MONTH = MONTH_LENGTHS.map((_, i) => MONTH_LENGTHS.slice(0, i).reduce((x, y) => x + y, 0));
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

// Plain arithmetic on the proleptic Gregorian calendar (no Date objects: expansion calls these per candidate day).
// Day 0 is 1970-01-01; years run in 400-year eras of 146097 days, each year counted from 1 March.

/** Day number of a calendar date; a month past 12 (or below 1) rolls into the next (or previous) year. */
function dayNumber(year: number, month: number, d: number): number {
  const y0 = year + floor((month - 1) / 12);
  const m = ((((month - 1) % 12) + 12) % 12) + 1;
  const y = m <= 2 ? y0 - 1 : y0;
  const era = floor(y / 400);
  const yoe = y - era * 400;
  const doy = floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  return era * 146097 + yoe * 365 + floor(yoe / 4) - floor(yoe / 100) + doy - 719468;
}

function dayInfo(day: number): DayInfo {
  const z = day + 719468;
  const era = floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = floor((doe - floor(doe / 1460) + floor(doe / 36524) - floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + floor(yoe / 4) - floor(yoe / 100));
  const mp = floor((5 * doy + 2) / 153);
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  const d = doy - floor((153 * mp + 2) / 5) + 1;
  const leapDay = isLeap(y) ? 1 : 0;
  return {
    day,
    y,
    m,
    d,
    weekday: localWeekday(day * DAY),
    yearDay: DAYS_BEFORE_MONTH[m - 1]! + (m > 2 ? leapDay : 0) + d,
    monthLength: MONTH_LENGTHS[m - 1]! + (m === 2 ? leapDay : 0),
    yearLength: 365 + leapDay,
  };
}

/** First and last day of the k-th period (counting by INTERVAL) from the one holding DTSTART. */
function period(rule: RecurrenceRule, start: DayInfo, k: number): [number, number] {
  const step = k * rule.interval;
  if (rule.freq === 'DAILY') return [start.day + step, start.day + step];
  if (rule.freq === 'WEEKLY') {
    const from = start.day - ((start.weekday - rule.weekStart + 7) % 7) + 7 * step;
    return [from, from + 6];
  }
  if (rule.freq === 'MONTHLY')
    return [dayNumber(start.y, start.m + step, 1), dayNumber(start.y, start.m + step + 1, 1) - 1];
  return [dayNumber(start.y + step, 1, 1), dayNumber(start.y + step + 1, 1, 1) - 1];
}

/** The days of one period that the rule selects, ascending (BYSETPOS applied). */
function periodDays(rule: RecurrenceRule, start: DayInfo, from: number, to: number): number[] {
  const set: number[] = [];
  for (const day of candidates(rule, start, from, to)) if (matches(rule, start, dayInfo(day))) set.push(day);
  if (!rule.bySetPos) return set;
  const picked = rule.bySetPos
    .map((p) => set[p > 0 ? p - 1 : set.length + p])
    .filter((d): d is number => d !== undefined);
  return ascendingUnique(picked);
}

/** Days worth testing in a period, ascending: all of them, narrowed for month-based rules to the days they can hit. */
function candidates(rule: RecurrenceRule, start: DayInfo, from: number, to: number): number[] {
  if (rule.freq === 'DAILY' || rule.freq === 'WEEKLY') return range(from, to);
  const { y, m } = dayInfo(from);
  const anyDays = rule.byDay || rule.byYearDay || rule.byMonthDay;
  const months = rule.freq === 'MONTHLY' ? [m] : (rule.byMonth ?? (anyDays ? range(1, 12) : [start.m]));
  const days = months.flatMap((month) => {
    const first = dayNumber(y, month, 1);
    const last = dayNumber(y, month + 1, 1) - 1;
    if (rule.byYearDay) return range(first, last);
    if (rule.byMonthDay)
      return rule.byMonthDay
        .map((n) => (n > 0 ? first + n - 1 : last + n + 1))
        .filter((d) => d >= first && d <= last);
    // Only the weekdays BYDAY names: each from its first date in the month, a week apart.
    if (rule.byDay)
      return rule.byDay.flatMap((b) =>
        range(first + ((b.weekday - dayInfo(first).weekday + 7) % 7), last, 7),
      );
    return start.d <= last - first + 1 ? [first + start.d - 1] : [];
  });
  return ascendingUnique(days);
}

function range(a: number, b: number, step = 1): number[] {
  const out: number[] = [];
  for (let i = a; i <= b; i += step) out.push(i);
  return out;
}

function ascendingUnique(days: number[]): number[] {
  days.sort((a, b) => a - b);
  return days.filter((d, i) => i === 0 || d !== days[i - 1]);
}

/** Whether the pos-th of len days is the nth (negative: from the end) of its weekday; nth 0 takes any. */
function isNth(nth: number, pos: number, len: number): boolean {
  return nth === 0 || (nth > 0 ? ceil(pos / 7) === nth : ceil((len - pos + 1) / 7) === -nth);
}

function matches(rule: RecurrenceRule, start: DayInfo, x: DayInfo): boolean {
  if (rule.byMonth && !rule.byMonth.includes(x.m)) return false;
  if (rule.byYearDay && !rule.byYearDay.some((n) => (n > 0 ? n : x.yearLength + n + 1) === x.yearDay))
    return false;
  if (rule.byMonthDay && !rule.byMonthDay.some((n) => (n > 0 ? n : x.monthLength + n + 1) === x.d))
    return false;
  if (rule.byDay) {
    // An ordinal counts within the month for MONTHLY rules and YEARLY rules with BYMONTH, else within the year.
    const inMonth = rule.freq === 'MONTHLY' || !!rule.byMonth;
    const pos = inMonth ? x.d : x.yearDay;
    const len = inMonth ? x.monthLength : x.yearLength;
    if (!rule.byDay.some((b) => b.weekday === x.weekday && isNth(b.nth, pos, len))) return false;
  }
  if (rule.freq === 'WEEKLY' && !rule.byDay) return x.weekday === start.weekday;
  if (rule.freq === 'MONTHLY' && !rule.byDay && !rule.byMonthDay) return x.d === start.d;
  if (rule.freq === 'YEARLY' && !rule.byDay && !rule.byMonthDay && !rule.byYearDay) {
    return x.d === start.d && (!!rule.byMonth || x.m === start.m);
  }
  return true;
}

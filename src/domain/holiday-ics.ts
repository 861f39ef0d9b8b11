import type { Holiday } from './schedule.types';
import { ScheduleError } from './schedule-errors';
import { expandRrule, parseRrule } from './ics-rrule';
import { DAY, formatLocalDate, isValidTimeZone, parseLocalDate, zoneClock } from './wall-clock';

/** The most dates one recurring event may give: a holiday calendar never needs more, and a typo must not flood the import. */
const MAX_RECURRENCES = 1000;
/** The most holiday dates one import may give, and the most recurring events it may hold (each is walked day by day). */
export const MAX_IMPORT_DATES = 5000;
export const MAX_RECURRING_EVENTS = 500;

export interface IcsImportOptions {
  /** The schedule's zone: UTC date-times are read as dates there (default UTC). */
  timezone?: string;
  /** Last date (YYYY-MM-DD) to which recurring events (RRULE, RDATE) are expanded. */
  through?: string;
}

interface Prop {
  params: string;
  value: string;
}
interface VEvent {
  line: number;
  props: Map<string, Prop[]>;
}
/** A DTSTART-like value: a day in the calendar it was written in, the time of day, and whether that is UTC. */
interface IcsTime {
  day: number;
  timeOfDay: number;
  utc: boolean;
  isDate: boolean;
}
interface Context {
  timezone: string;
  through?: string;
  /** `uid|date` of the occurrences that a RECURRENCE-ID event moves or cancels. */
  replaced: Set<string>;
}

/**
 * Reads holiday dates from iCalendar text (pure: text in, Holiday[] out). Each VEVENT gives its SUMMARY
 * and DTSTART date: `DTSTART;VALUE=DATE:20261225`, a floating or TZID date-time (its date as written),
 * or a UTC date-time (`...Z`, converted to `timezone`). An all-day DTEND (exclusive), or DURATION in whole
 * days, spreads the holiday over several days. RRULE and RDATE repeat it up to `through` (DTSTART itself is always kept), less
 * EXDATE dates and occurrences that a RECURRENCE-ID event of the same UID replaces; cancelled events are
 * skipped.
 */
export function parseIcsHolidays(text: string, opts: IcsImportOptions = {}): Holiday[] {
  if (opts.through !== undefined) parseLocalDate(opts.through, 'through');
  const events = readEvents(text);
  const ctx: Context = { timezone: opts.timezone ?? 'UTC', replaced: new Set() };
  if (opts.through !== undefined) ctx.through = opts.through;
  for (const ev of events) {
    const rid = first(ev, 'RECURRENCE-ID');
    if (rid) ctx.replaced.add(`${uidOf(ev)}|${localDate(readTime(rid.value, ev.line), ctx.timezone)}`);
  }
  const recurring = events.filter((ev) => first(ev, 'RRULE')).length;
  if (recurring > MAX_RECURRING_EVENTS) {
    throw new ScheduleError(
      'invalid_ics',
      `the calendar has ${recurring} recurring events; at most ${MAX_RECURRING_EVENTS} are imported at once`,
    );
  }
  const all = events.flatMap((ev) => eventHolidays(ev, ctx));
  if (all.length > MAX_IMPORT_DATES) {
    throw new ScheduleError(
      'invalid_ics',
      `the calendar gives ${all.length} holiday dates; at most ${MAX_IMPORT_DATES} are imported at once`,
    );
  }
  const seen = new Set<string>();
  return all
    .sort((a, b) => a.date.localeCompare(b.date) || a.name.localeCompare(b.name))
    .filter((h) => !seen.has(`${h.date}|${h.name}`) && !!seen.add(`${h.date}|${h.name}`));
}

function readEvents(text: string): VEvent[] {
  const lines = text.replace(/\r?\n[ \t]/g, '').split(/\r?\n/);
  const events: VEvent[] = [];
  let ev: VEvent | null = null;
  lines.forEach((line, i) => {
    const upper = line.trim().toUpperCase();
    if (upper === 'BEGIN:VEVENT') {
      ev = { line: i + 1, props: new Map() };
    } else if (upper === 'END:VEVENT' && ev) {
      events.push(ev);
      ev = null;
    } else if (ev) {
      const m = /^([A-Za-z-]+)((?:;[^:]*)?):(.*)$/.exec(line);
      if (!m) return;
      const name = m[1]!.toUpperCase();
      const values = ev.props.get(name) ?? [];
      values.push({ params: m[2]!, value: m[3]! });
      ev.props.set(name, values);
    }
  });
  return events;
}

const first = (ev: VEvent, name: string) => ev.props.get(name)?.[0];
const uidOf = (ev: VEvent) => first(ev, 'UID')?.value.trim() ?? '';

function eventHolidays(ev: VEvent, ctx: Context): Holiday[] {
  if (first(ev, 'STATUS')?.value.trim().toUpperCase() === 'CANCELLED') return [];
  const start = first(ev, 'DTSTART');
  if (!start) throw invalid(ev.line, 'missing DTSTART');
  const name = unescape(first(ev, 'SUMMARY')?.value ?? '').trim() || 'Holiday';
  const startTime = readTime(start.value, ev.line);
  const end = first(ev, 'DTEND');
  const duration = first(ev, 'DURATION');
  let days = 1;
  if (end && startTime.isDate && /^\d{8}$/.test(end.value.trim())) {
    days = readTime(end.value, ev.line).day - startTime.day;
    if (days < 1 || days > 366) throw invalid(ev.line, 'DTEND must follow DTSTART');
  } else if (!end && duration && startTime.isDate) {
    days = durationDays(duration.value, ev.line);
  }
  return occurrences(ev, name, start, startTime, ctx).flatMap((date) =>
    Array.from({ length: days }, (_, k) => ({ date: formatLocalDate(Date.parse(date) + k * DAY), name })),
  );
}

/** Local start dates of an event: DTSTART, then RRULE and RDATE dates up to `through`, less EXDATE and replaced ones. */
function occurrences(ev: VEvent, name: string, start: Prop, startTime: IcsTime, ctx: Context): string[] {
  const rrule = first(ev, 'RRULE');
  const rdates = ev.props.get('RDATE') ?? [];
  const dtstart = localDate(startTime, ctx.timezone);
  if (first(ev, 'RECURRENCE-ID') || (!rrule && rdates.length === 0)) return [dtstart];

  const repeats = rrule ? ruleDates(ev, name, rrule, start, startTime, ctx) : [];
  for (const p of rdates) repeats.push(...listDates(p, ev.line, ctx.timezone));
  const excluded = new Set(
    (ev.props.get('EXDATE') ?? []).flatMap((p) => listDates(p, ev.line, ctx.timezone)),
  );
  const uid = uidOf(ev);
  return [dtstart, ...repeats.filter((d) => ctx.through === undefined || d <= ctx.through)].filter(
    (d) => !excluded.has(d) && !ctx.replaced.has(`${uid}|${d}`),
  );
}

function ruleDates(
  ev: VEvent,
  name: string,
  rrule: Prop,
  start: Prop,
  startTime: IcsTime,
  ctx: Context,
): string[] {
  const fail = (reason: string) => invalid(ev.line, `bad RRULE "${rrule.value.trim()}": ${reason}`, name);
  let rule;
  try {
    rule = parseRrule(rrule.value);
  } catch (err) {
    throw fail((err as Error).message);
  }
  // A UTC start's local date can be a day behind its UTC date, so the walk goes one day past `through`.
  const throughDay = ctx.through === undefined ? Infinity : parseLocalDate(ctx.through) / DAY + 1;
  const untilDay =
    rule.until === undefined ? Infinity : lastDayBefore(rule.until, ev.line, start, startTime, ctx.timezone);
  if (throughDay === Infinity && untilDay === Infinity)
    throw fail('it has no UNTIL, and no through date was given to stop at');
  let days;
  try {
    days = expandRrule(rule, startTime.day, Math.min(throughDay, untilDay), MAX_RECURRENCES);
  } catch (err) {
    throw fail(`${(err as Error).message} up to ${ctx.through ?? rule.until}`);
  }
  return days.slice(1).map((day) => localDate({ ...startTime, day }, ctx.timezone));
}

/** The last day (in DTSTART's calendar) an occurrence may fall on under UNTIL, which is inclusive. */
function lastDayBefore(
  until: string,
  line: number,
  start: Prop,
  startTime: IcsTime,
  timezone: string,
): number {
  const u = readTime(until, line);
  if (u.isDate) return u.day;
  let at = u.day * DAY + u.timeOfDay;
  if (u.utc && !startTime.utc) at = zoneClock(zoneOf(start, timezone)).toLocal(at);
  return Math.floor((at - startTime.timeOfDay) / DAY);
}

/** The zone a floating or TZID time is read in when it must meet a UTC one: its TZID if that is an IANA name. */
function zoneOf(p: Prop, timezone: string): string {
  const tzid = /;TZID=("?)([^";:]+)\1/i.exec(p.params)?.[2];
  return tzid && isValidTimeZone(tzid) ? tzid : timezone;
}

/** Dates of an EXDATE or RDATE line: comma-separated DATEs, DATE-TIMEs or PERIODs (start/end). */
function listDates(p: Prop, line: number, timezone: string): string[] {
  return p.value
    .split(',')
    .filter((v) => v.trim())
    .map((v) => localDate(readTime(v.split('/')[0]!, line), timezone));
}

function localDate(t: IcsTime, timezone: string): string {
  return formatLocalDate(t.utc ? zoneClock(timezone).toLocal(t.day * DAY + t.timeOfDay) : t.day * DAY);
}

function readTime(raw: string, line: number): IcsTime {
  const value = raw.trim();
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?$/.exec(value);
  const date = m ? `${m[1]}-${m[2]}-${m[3]}` : '';
  const ms = Date.parse(`${date}T00:00:00Z`);
  if (
    !m ||
    formatLocalDate(ms) !== date ||
    Number(m[4] ?? 0) > 23 ||
    Number(m[5] ?? 0) > 59 ||
    Number(m[6] ?? 0) > 60
  ) {
    throw invalid(line, `bad date "${value}"`);
  }
  const timeOfDay = ((Number(m[4] ?? 0) * 60 + Number(m[5] ?? 0)) * 60 + Number(m[6] ?? 0)) * 1000;
  return { day: ms / DAY, timeOfDay, utc: m[7] === 'Z', isDate: m[4] === undefined };
}

/** An all-day event's DURATION in whole days: P3D, P1W, P1W2D (a time part must add up to whole days). */
function durationDays(value: string, line: number): number {
  const m = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(
    value.trim().toUpperCase(),
  );
  const [w, d, h, min, sec] = (m ?? []).slice(1).map((x) => Number(x ?? 0));
  const seconds = (((w! * 7 + d!) * 24 + h!) * 60 + min!) * 60 + sec!;
  if (!m || seconds % 86_400 !== 0 || seconds < 86_400 || seconds > 366 * 86_400) {
    throw invalid(line, `DURATION "${value.trim()}" must be whole days, from 1 to 366`);
  }
  return seconds / 86_400;
}

function invalid(line: number, message: string, name?: string): ScheduleError {
  return new ScheduleError('invalid_ics', `VEVENT at line ${line}${name ? ` ("${name}")` : ''}: ${message}`);
}

function unescape(s: string): string {
  return s.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? ' ' : c));
}

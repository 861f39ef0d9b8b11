import type { Holiday } from './schedule.types';
import { ScheduleError } from './schedule-errors';
import { DAY, formatLocalDate, zoneClock } from './wall-clock';

/**
 * Reads holiday dates from iCalendar text (pure: text in, Holiday[] out). Each VEVENT gives its SUMMARY
 * and DTSTART date: `DTSTART;VALUE=DATE:20261225`, a floating or TZID date-time (its date as written),
 * or a UTC date-time (`...Z`, converted to `timezone`). An all-day DTEND (exclusive) spreads the holiday
 * over several days. Recurrence rules (RRULE) are not expanded; cancelled events are skipped.
 */
export function parseIcsHolidays(text: string, opts: { timezone?: string } = {}): Holiday[] {
  const lines = text.replace(/\r?\n[ \t]/g, '').split(/\r?\n/);
  const out: Holiday[] = [];
  let ev: Map<string, { params: string; value: string }> | null = null;
  let evLine = 0;
  lines.forEach((line, i) => {
    const upper = line.trim().toUpperCase();
    if (upper === 'BEGIN:VEVENT') {
      ev = new Map();
      evLine = i + 1;
    } else if (upper === 'END:VEVENT' && ev) {
      out.push(...eventHolidays(ev, evLine, opts.timezone ?? 'UTC'));
      ev = null;
    } else if (ev) {
      const m = /^([A-Za-z-]+)((?:;[^:]*)?):(.*)$/.exec(line);
      if (m && !ev.has(m[1]!.toUpperCase())) ev.set(m[1]!.toUpperCase(), { params: m[2]!.toUpperCase(), value: m[3]! });
    }
  });
  const seen = new Set<string>();
  return out
    .sort((a, b) => a.date.localeCompare(b.date) || a.name.localeCompare(b.name))
    .filter((h) => !seen.has(`${h.date}|${h.name}`) && !!seen.add(`${h.date}|${h.name}`));
}

function eventHolidays(ev: Map<string, { params: string; value: string }>, line: number, timezone: string): Holiday[] {
  if (ev.get('STATUS')?.value.trim().toUpperCase() === 'CANCELLED') return [];
  const start = ev.get('DTSTART');
  if (!start) throw new ScheduleError('invalid_ics', `VEVENT at line ${line}: missing DTSTART`);
  const name = unescape(ev.get('SUMMARY')?.value ?? '').trim() || 'Holiday';
  const first = dateOf(start.value.trim(), timezone, line);
  const end = ev.get('DTEND');
  let days = 1;
  if (end && /^\d{8}$/.test(end.value.trim()) && /^\d{8}$/.test(start.value.trim())) {
    days = Math.round((Date.parse(dateOf(end.value.trim(), timezone, line)) - Date.parse(first)) / DAY);
    if (days < 1 || days > 366) throw new ScheduleError('invalid_ics', `VEVENT at line ${line}: DTEND must follow DTSTART`);
  }
  return Array.from({ length: days }, (_, k) => ({ date: formatLocalDate(Date.parse(first) + k * DAY), name }));
}

function dateOf(value: string, timezone: string, line: number): string {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?$/.exec(value);
  const date = m ? `${m[1]}-${m[2]}-${m[3]}` : '';
  if (!m || formatLocalDate(Date.parse(`${date}T00:00:00Z`)) !== date)
    throw new ScheduleError('invalid_ics', `VEVENT at line ${line}: bad date "${value}"`);
  if (!m[7]) return date;
  const instant = Date.parse(`${date}T${m[4]}:${m[5]}:${m[6]}Z`);
  return formatLocalDate(zoneClock(timezone).toLocal(instant));
}

function unescape(s: string): string {
  return s.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? ' ' : c));
}

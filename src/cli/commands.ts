import { DateTime } from 'luxon';
import { resolveOnCall, shiftsBetween } from '../domain/schedule-resolve';
import { ScheduleError } from '../domain/schedule-errors';
import { CliError } from './cli-error';
import { findProblems } from './check';
import { loadFile } from './load';
import type { LoadedSchedule } from './schedule-file';

const DAY_MS = 86_400_000;
const MAX_SHIFT_RANGE_DAYS = 3660;

export interface Out {
  out: (s: string) => void;
  now: () => Date;
}

/** Parses an ISO instant option; `2026-06-16T01:00:00Z` or with an offset. */
export function instant(opt: string, value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const dt = DateTime.fromISO(value, { setZone: true });
  if (!dt.isValid || !/(Z|[+-]\d{2}:?\d{2})$/i.test(value)) {
    throw new CliError(`--${opt}: "${value}" is not an ISO-8601 instant with an offset (e.g. 2026-06-16T01:00:00Z)`);
  }
  return dt.toJSDate();
}

function domain<T>(f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof ScheduleError) throw new CliError(`invalid schedule: ${err.message}`);
    throw err;
  }
}

const person = (l: LoadedSchedule, userId: string | null) => (userId ? l.people.get(userId) : undefined);

/** Resolves the runbook's escalation rules: the sentinel "on-call" becomes the person, others pass through. */
function resolvedRules(l: LoadedSchedule, name: string | null) {
  return l.escalationRules?.map((r) => ({ ...r, page: r.page === 'on-call' ? (name ?? null) : r.page }));
}

export async function whoCommand(file: string, atOpt: string | undefined, io: Out): Promise<number> {
  const at = instant('at', atOpt) ?? io.now();
  const l = await loadFile(file, io.now());
  const a = domain(() => resolveOnCall(l.schedule, at));
  const p = person(l, a.userId);
  const result: Record<string, unknown> = {
    name: p?.name ?? (a.userId ? a.userId : null),
    phone: p?.phone ?? null,
    userId: a.userId,
    source: a.source,
    at: at.toISOString(),
    shiftStart: a.shiftStart?.toISOString() ?? null,
    shiftEnd: a.shiftEnd?.toISOString() ?? null,
  };
  if (a.reason) result.reason = a.reason;
  if (a.holiday) result.holiday = a.holiday;
  if (a.coveringFor) result.coveringFor = a.coveringFor;
  const rules = resolvedRules(l, (result.name as string | null) ?? null);
  if (rules) result.escalation_rules = rules;
  io.out(JSON.stringify(result));
  return 0;
}

export async function shiftsCommand(file: string, fromOpt?: string, toOpt?: string, io?: Out): Promise<number> {
  const from = instant('from', fromOpt);
  const to = instant('to', toOpt);
  if (!from || !to) throw new CliError('shifts: --from and --to are required');
  if (to <= from) throw new CliError('--to: must be after --from');
  if (to.getTime() - from.getTime() > MAX_SHIFT_RANGE_DAYS * DAY_MS) {
    throw new CliError(`--to: the range may span at most ${MAX_SHIFT_RANGE_DAYS} days`);
  }
  const l = await loadFile(file, io?.now() ?? new Date());
  const shifts = domain(() => shiftsBetween(l.schedule, from, to)).map((s) => {
    const p = person(l, s.userId);
    return {
      name: p?.name ?? s.userId,
      phone: p?.phone ?? null,
      start: s.start.toISOString(),
      end: s.end.toISOString(),
      userId: s.userId,
      source: s.source,
      ...(s.holiday ? { holiday: s.holiday } : {}),
      ...(s.reason ? { reason: s.reason } : {}),
    };
  });
  io?.out(JSON.stringify(shifts, null, 2));
  return 0;
}

export async function checkCommand(file: string, fromOpt: string | undefined, toOpt: string | undefined, io: Out): Promise<number> {
  const l = await loadFile(file, io.now());
  const start = firstStart(l) ?? io.now();
  const from = instant('from', fromOpt) ?? new Date(Math.max(io.now().getTime(), start.getTime()));
  const to = instant('to', toOpt) ?? new Date(from.getTime() + 90 * DAY_MS);
  if (to <= from) throw new CliError('--to: must be after --from');
  const problems = domain(() => findProblems(l, from, to));
  io.out(JSON.stringify({ ok: problems.length === 0, from: from.toISOString(), to: to.toISOString(), problems }, null, 2));
  return problems.length ? 1 : 0;
}

/** The earliest first handoff of any layer: before it a schedule is "not started", not broken. */
function firstStart(l: LoadedSchedule): Date | undefined {
  const starts = l.schedule.layers.map((x) =>
    DateTime.fromISO(`${x.startDate}T${x.handoffTime}`, { zone: l.schedule.timezone }).toJSDate(),
  );
  return starts.length ? new Date(Math.min(...starts.map((d) => d.getTime()))) : undefined;
}

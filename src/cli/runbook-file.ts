import { parseRunbook } from '../domain/nightdesk';
import { runbookToSchedule } from '../domain/nightdesk-convert';
import { CliError } from './cli-error';
import type { LoadedSchedule, Person } from './schedule-file';

/** A NightDesk runbook as a CLI schedule (the domain's conversion; members are keyed by name). */
export function fromRunbookFile(json: unknown, path: string): LoadedSchedule {
  const parsed = parseRunbook(json);
  if (!parsed.ok) throw new CliError(`${path}: ${parsed.errors.slice(0, 3).map((e) => `${e.field}: ${e.message}`).join('; ')}`);
  const schedule = runbookToSchedule(parsed.runbook, { name: 'NightDesk rotation' });
  if (!schedule) throw new CliError(`${path}: on_call_rotation is missing, so nobody can be resolved`);
  const people = new Map<string, Person>();
  for (const m of schedule.layers[0]?.members ?? []) people.set(m.userId, { name: m.name ?? m.userId, phone: m.phone ?? null });
  return { schedule, people, escalationRules: parsed.runbook.escalation_rules };
}

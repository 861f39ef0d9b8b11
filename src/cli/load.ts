import { readFile } from 'node:fs/promises';
import { ScheduleError } from '../domain/schedule-errors';
import { CliError, zodLine } from './cli-error';
import { fromRunbookFile } from './runbook-file';
import { fromScheduleFile, type LoadedSchedule } from './schedule-file';
import { scheduleFile } from './schedule-file.schema';

/** Reads F: a NightDesk runbook (has `on_call_rotation`) or a schedule document. Errors name the problem. */
export async function loadFile(path: string, now: Date = new Date()): Promise<LoadedSchedule> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as { code?: string }).code;
    throw new CliError(`cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : (code ?? String(err))}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new CliError(`${path} is not valid JSON: ${(err as Error).message}`);
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) {
    throw new CliError(`${path}: expected a JSON object (a NightDesk runbook or a schedule document)`);
  }
  if ('on_call_rotation' in json || 'escalation_rules' in json) return fromRunbookFile(json, path);
  const parsed = scheduleFile.safeParse(json);
  if (!parsed.success) throw new CliError(`${path}: ${zodLine(parsed.error.issues)}`);
  try {
    return fromScheduleFile(parsed.data, now);
  } catch (err) {
    if (err instanceof ScheduleError) throw new CliError(`${path}: ${err.message}`);
    throw err;
  }
}

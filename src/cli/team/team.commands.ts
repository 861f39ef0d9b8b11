import { writeFile } from 'node:fs/promises';
import { createNightlineClient, NightlineApiError } from '../../client';
import { CliError } from '../cli-error';
import { applyChanges, readServer } from './team-api';
import { formatTeamFile, readTeamFile } from './team-file';
import { describePlan, planChanges } from './team-plan';

export interface ApiTarget {
  url: string;
  token: string;
}

interface Io {
  out: (s: string) => void;
}

function apiError(err: unknown, what: string): never {
  if (err instanceof NightlineApiError) throw new CliError(`${what}: ${err.message}`);
  if (err instanceof TypeError)
    throw new CliError(
      `${what}: cannot reach the API (${(err.cause as Error | undefined)?.message ?? err.message})`,
    );
  throw err;
}

/** `nightline export [-o F]`: the server's configuration as YAML under stable names. */
export async function exportCommand(target: ApiTarget, outFile: string | undefined, io: Io): Promise<number> {
  const api = createNightlineClient(target.url, target.token);
  const { file } = await readServer(api).catch((e: unknown) => apiError(e, 'export'));
  const text = formatTeamFile(file);
  if (outFile) await writeFile(outFile, text);
  else io.out(text.trimEnd());
  return 0;
}

/** `nightline apply -f F [--dry-run]`: prints the plan, then makes the server match the file. */
export async function applyCommand(
  target: ApiTarget,
  path: string,
  dryRun: boolean,
  io: Io,
): Promise<number> {
  const { file, lineOf } = await readTeamFile(path);
  const api = createNightlineClient(target.url, target.token);
  const { file: current, names } = await readServer(api).catch((e: unknown) => apiError(e, 'apply'));
  const changes = planChanges(file, current);
  io.out(describePlan(changes));
  if (dryRun || changes.length === 0) return 0;
  let done = 0;
  await applyChanges(api, names, changes, () => done++).catch((e: unknown) => {
    const c = changes[done]!;
    // Point at the item the server refused (deletions are not in the file: name them instead).
    const index = c.action === 'delete' ? -1 : (file[c.section] as unknown[]).indexOf(c.item);
    const where =
      index >= 0
        ? `${path}:${lineOf([c.section, index]) ?? 1}: ${c.section}[${index}]`
        : `${c.section} ${c.key}`;
    apiError(e, `${c.action} ${where} (after ${done} of ${changes.length} changes)`);
  });
  io.out(`Applied ${done} change${done === 1 ? '' : 's'}.`);
  return 0;
}

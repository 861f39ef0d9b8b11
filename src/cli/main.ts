import { parseArgs } from 'node:util';
import { cliApiTarget } from '../config';
import { CliError } from './cli-error';
import { checkCommand, shiftsCommand, whoCommand } from './commands';
import { applyCommand, exportCommand, type ApiTarget } from './team/team.commands';

const USAGE = `usage:
  nightline who    --file F [--at ISO]
  nightline shifts --file F --from ISO --to ISO
  nightline check  --file F [--from ISO] [--to ISO]
  nightline export [-o team.yaml] [--url URL] [--token T]
  nightline apply  -f team.yaml [--dry-run] [--url URL] [--token T]
F is a NightDesk runbook (on_call_rotation + escalation_rules) or a schedule document in the REST shape
(plus overrides, timeOff, holidays, users). Output is JSON on stdout.
export/apply talk to a running API: --url/--token or NIGHTLINE_URL/NIGHTLINE_TOKEN (the admin token).`;

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  now: () => Date;
  /** NIGHTLINE_URL / NIGHTLINE_TOKEN, for export and apply. */
  api?: Partial<ApiTarget>;
}

function apiTarget(values: { url?: string; token?: string }, io: Io): ApiTarget {
  const url = values.url ?? io.api?.url;
  const token = values.token ?? io.api?.token;
  if (!url) throw new CliError('--url (or NIGHTLINE_URL) is required: where the Nightline API listens');
  if (!token) throw new CliError('--token (or NIGHTLINE_TOKEN) is required: the admin API token');
  return { url, token };
}

/** Runs one CLI invocation and returns its exit code (0 ok, 1 check found problems, 2 bad input). */
export async function run(argv: string[], io: Io): Promise<number> {
  try {
    const [command, ...rest] = argv;
    if (!command || command === '--help' || command === '-h' || command === 'help') {
      io.out(USAGE);
      return command ? 0 : 2;
    }
    const { values } = parseArgs({
      args: rest,
      options: {
        file: { type: 'string', short: 'f' },
        at: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        out: { type: 'string', short: 'o' },
        url: { type: 'string' },
        token: { type: 'string' },
        'dry-run': { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    });
    if (command === 'export') return await exportCommand(apiTarget(values, io), values.out, io);
    if (command === 'apply') {
      if (!values.file) throw new CliError('apply: -f team.yaml is required');
      return await applyCommand(apiTarget(values, io), values.file, values['dry-run'] ?? false, io);
    }
    if (!['who', 'shifts', 'check'].includes(command)) {
      throw new CliError(`unknown command "${command}" (expected who, shifts, check, export or apply)`);
    }
    if (!values.file) throw new CliError(`${command}: --file is required`);
    switch (command) {
      case 'who':
        return await whoCommand(values.file, values.at, io);
      case 'shifts':
        return await shiftsCommand(values.file, values.from, values.to, io);
      case 'check':
        return await checkCommand(values.file, values.from, values.to, io);
      default:
        throw new CliError(`unknown command "${command}" (expected who, shifts or check)`);
    }
  } catch (err) {
    const e = err as { code?: string; message?: string };
    if (err instanceof CliError) {
      io.err(`nightline: ${err.message}`);
      return err.exitCode;
    }
    if (e?.code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`nightline: ${e.message?.split('\n')[0]}`);
      return 2;
    }
    io.err(`nightline: ${e?.message?.split('\n')[0] ?? String(err)}`);
    return 2;
  }
}

/** Runs the CLI on this process's arguments and streams, and sets its exit code (bin/nightline.js calls it). */
export async function main(): Promise<void> {
  let api: Io['api'];
  try {
    api = cliApiTarget();
  } catch (err) {
    process.stderr.write(`nightline: ${(err as Error).message}\n`);
    process.exitCode = 2;
    return;
  }
  process.exitCode = await run(process.argv.slice(2), {
    out: (s) => process.stdout.write(`${s}\n`),
    err: (s) => process.stderr.write(`${s}\n`),
    now: () => new Date(),
    api,
  });
}

if (require.main === module) void main();

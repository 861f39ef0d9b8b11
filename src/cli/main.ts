import { parseArgs } from 'node:util';
import { CliError } from './cli-error';
import { checkCommand, shiftsCommand, whoCommand } from './commands';

const USAGE = `usage:
  nightline who    --file F [--at ISO]
  nightline shifts --file F --from ISO --to ISO
  nightline check  --file F [--from ISO] [--to ISO]
F is a NightDesk runbook (on_call_rotation + escalation_rules) or a schedule document in the REST shape
(plus overrides, timeOff, holidays, users). Output is JSON on stdout.`;

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  now: () => Date;
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
      options: { file: { type: 'string', short: 'f' }, at: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    });
    if (!['who', 'shifts', 'check'].includes(command)) {
      throw new CliError(`unknown command "${command}" (expected who, shifts or check)`);
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
  process.exitCode = await run(process.argv.slice(2), {
    out: (s) => process.stdout.write(`${s}\n`),
    err: (s) => process.stderr.write(`${s}\n`),
    now: () => new Date(),
  });
}

if (require.main === module) void main();

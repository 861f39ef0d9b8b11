import { execFile } from 'node:child_process';
import { join } from 'node:path';

export const REPO = join(__dirname, '..', '..');
export const FILES = join(__dirname, 'files');
const BIN = join(REPO, 'bin', 'nightline.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real `nightline` executable as a child process from the repository root. */
export function runCli(args: string[], opts: { viaNpx?: boolean } = {}): Promise<CliResult> {
  const [cmd, argv] = opts.viaNpx ? ['npx', ['--no-install', 'nightline', ...args]] : [process.execPath, [BIN, ...args]];
  return new Promise((resolve) => {
    execFile(cmd, argv, { cwd: REPO, timeout: 30_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

export const file = (name: string) => join(FILES, name);

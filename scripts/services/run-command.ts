import { spawn } from 'node:child_process';

const OUTPUT_TAIL_CHARS = 4000;

/** Keeps only the last `max` characters of a stream: enough to explain a failure, never the whole log. */
export class OutputTail {
  private text = '';
  constructor(private readonly max = OUTPUT_TAIL_CHARS) {}
  push(chunk: Buffer | string): void {
    this.text = (this.text + chunk.toString()).slice(-this.max);
  }
  toString(): string {
    return this.text.trim();
  }
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

/** Runs a command to completion; rejects with the command line and its output tail when it fails. */
export function runCommand(cmd: string, args: string[], opts: RunOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const tail = new OutputTail();
    const child = spawn(cmd, args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (c: Buffer) => tail.push(c));
    child.stderr.on('data', (c: Buffer) => tail.push(c));
    child.on('error', (err: NodeJS.ErrnoException) => {
      const hint = err.code === 'ENOENT' ? ` (is \`${cmd}\` installed and on PATH?)` : '';
      reject(new Error(`could not run ${cmd}${hint}: ${err.message}`));
    });
    child.on('close', (code, signal) => {
      if (code === 0) return resolve(tail.toString());
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      reject(new Error(`\`${[cmd, ...args].join(' ')}\` ${how}\n--- output tail ---\n${tail.toString()}`));
    });
  });
}

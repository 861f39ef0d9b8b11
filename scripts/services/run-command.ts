import { spawn } from 'node:child_process';

const OUTPUT_TAIL_CHARS = 4000;
const OUTPUT_HEAD_CHARS = 1500;

/**
 * Keeps the first and the last characters of a stream: enough to explain a failure (a Go panic names its cause at
 * the top of a long stack), never the whole log.
 */
export class OutputTail {
  private head = '';
  private text = '';
  private dropped = false;
  constructor(
    private readonly max = OUTPUT_TAIL_CHARS,
    private readonly headMax = OUTPUT_HEAD_CHARS,
  ) {}
  push(chunk: Buffer | string): void {
    let str = chunk.toString();
    if (this.head.length < this.headMax) {
      const take = str.slice(0, this.headMax - this.head.length);
      this.head += take;
      str = str.slice(take.length);
    }
    const joined = this.text + str;
    if (joined.length > this.max) this.dropped = true;
    this.text = joined.slice(-this.max);
  }
  toString(): string {
    return (this.dropped ? `${this.head}\n[…]\n${this.text}` : this.head + this.text).trim();
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

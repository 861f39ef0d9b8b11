import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

import { OutputTail } from './run-command';

const DEFAULT_GRACE_MS = 5_000;
const SETPRIV = '/usr/bin/setpriv';

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A long-running server process we started and must stop. */
export interface ChildService {
  readonly name: string;
  readonly pid: number | undefined;
  /** Resolves when the process has exited (for whatever reason). */
  readonly exited: Promise<ChildExit>;
  hasExited(): boolean;
  /** Last few KB of combined stdout/stderr, to explain a failed start. */
  outputTail(): string;
  /** SIGTERM, then SIGKILL after `graceMs`. Resolves once the process is gone. */
  stop(graceMs?: number): Promise<void>;
}

export interface SpawnServiceOptions {
  env?: NodeJS.ProcessEnv;
  /** Receives each output line of the child, e.g. to echo it in a foreground CLI. */
  onLine?: (line: string) => void;
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Last resort: whatever way the parent exits normally, its servers go with it. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of live) child.kill('SIGKILL');
  });
}

/**
 * On Linux, setpriv --pdeathsig makes the kernel kill the child when the parent dies even by
 * SIGKILL, where no 'exit' hook runs. setpriv execs the command, so the pid stays the same.
 */
function withParentDeathSignal(cmd: string, args: string[]): [string, string[]] {
  if (process.platform === 'linux' && existsSync(SETPRIV)) {
    return [SETPRIV, ['--pdeathsig', 'SIGKILL', '--', cmd, ...args]];
  }
  return [cmd, args];
}

export function spawnService(
  name: string,
  cmd: string,
  args: string[],
  opts: SpawnServiceOptions = {},
): ChildService {
  installExitHook();
  const tail = new OutputTail();
  const [file, argv] = withParentDeathSignal(cmd, args);
  // detached: a terminal's Ctrl-C reaches only the parent, which then stops its servers in order.
  const child = spawn(file, argv, {
    env: opts.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  live.add(child);
  let exitInfo: ChildExit | undefined;
  const exited = new Promise<ChildExit>((resolve) => {
    child.on('error', (err) => {
      tail.push(`\nfailed to spawn ${cmd}: ${err.message}\n`);
      live.delete(child);
      exitInfo = { code: null, signal: null };
      resolve(exitInfo);
    });
    child.on('exit', (code, signal) => {
      live.delete(child);
      exitInfo = { code, signal };
      resolve(exitInfo);
    });
  });
  let partial = '';
  const onData = (chunk: Buffer): void => {
    tail.push(chunk);
    if (!opts.onLine) return;
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) opts.onLine(line);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);

  return {
    name,
    pid: child.pid,
    exited,
    hasExited: () => exitInfo !== undefined,
    outputTail: () => tail.toString(),
    stop: async (graceMs = DEFAULT_GRACE_MS) => {
      if (exitInfo) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

export function describeExit(e: ChildExit): string {
  return e.signal ? `was killed by ${e.signal}` : `exited with code ${e.code}`;
}

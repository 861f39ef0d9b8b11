/**
 * Builds the web console into web/dist for the API to serve. With `watch`, vite rebuilds on every change to
 * web/src (reload the browser to see it); the promise resolves after the first build, so `npm run dev` prints
 * its URL only once the console is there. Vite runs as a child process: it is ESM-only and this repo is CommonJS.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');
const VITE = resolve(ROOT, 'node_modules/vite/bin/vite.js');
const CONFIG = resolve(ROOT, 'web/vite.config.mts');

export function buildWebConsole(opts: { watch?: boolean; log?: (line: string) => void } = {}): Promise<{ close(): Promise<void> }> {
  const log = opts.log ?? (() => undefined);
  const child = spawn(process.execPath, [VITE, 'build', '--config', CONFIG, '--logLevel', 'info', ...(opts.watch ? ['--watch'] : [])], {
    cwd: ROOT,
    env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const close = () =>
    new Promise<void>((done) => {
      if (child.exitCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGTERM');
    });
  return new Promise((done, fail) => {
    let first = true;
    let errors = '';
    child.stderr.on('data', (b: Buffer) => (errors += b.toString()));
    child.stdout.on('data', (b: Buffer) => {
      for (const line of b.toString().split('\n')) {
        if (!/built in/.test(line)) continue;
        log(first ? `web console built into web/dist${opts.watch ? ' (rebuilds on change)' : ''}` : 'web console rebuilt');
        if (first) done({ close });
        first = false;
      }
    });
    child.once('exit', (code) => {
      if (first) fail(new Error(`vite build exited with ${code}: ${errors.trim().slice(-2000)}`));
    });
  });
}

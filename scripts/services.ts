/**
 * `npm run services`: a Mongo-wire server, a Temporal dev server and Mailpit for local development,
 * keeping their state in ./data, in the foreground until Ctrl-C.
 */
import path from 'node:path';

import { ensureBinaries } from './services/binaries';
import { stderrLog } from './services/log';
import { startMailpit } from './services/mailpit';
import { startServices } from './services/start-services';

const DATA_DIR = path.resolve(__dirname, '..', 'data');
// The usual ports, so the defaults in .env examples work; a busy one falls back to a free port.
const PREFERRED_MONGO_PORT = 27017;
const PREFERRED_TEMPORAL_PORT = 7233;
const PREFERRED_SMTP_PORT = 1025;
const PREFERRED_MAILPIT_PORT = 8025;

let stopping = false;

async function main(): Promise<void> {
  const log = stderrLog;
  const binaries = await ensureBinaries(log);
  const services = await startServices({
    dataDir: DATA_DIR,
    runsLong: true,
    binaries,
    log,
    mongoPort: PREFERRED_MONGO_PORT,
    temporalPort: PREFERRED_TEMPORAL_PORT,
    // Quiet while stopping: the dev server logs every poller it closes.
    onChildLine: (service, line) => stopping || log(`[${service}] ${line}`),
  });
  const mailpit = await startMailpit(binaries.mailpit, { smtpPort: PREFERRED_SMTP_PORT, webPort: PREFERRED_MAILPIT_PORT });
  const stopAll = () => Promise.all([mailpit.stop(), services.stop()]).then(() => undefined);
  const mongoUri = `${services.mongoUri}nightline`;
  console.log(`
Mongo-wire server   ${services.mongoUri}${services.started.mongo ? '' : '  (already running, reused)'}
Temporal dev server ${services.temporalAddress}  namespace default${services.started.temporal ? '' : '  (already running, reused)'}
Mailpit             ${mailpit.webUrl}  (web inbox; SMTP at ${mailpit.smtpUrl})
Data directory      ${DATA_DIR}

For the app:
  export MONGODB_URI=${mongoUri}
  export TEMPORAL_ADDRESS=${services.temporalAddress}
  export SMTP_URL=${mailpit.smtpUrl}

Ctrl-C stops them all.`);

  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping services ...`);
    stopAll().then(
      () => {
        log('stopped');
        process.exit(0);
      },
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  const death = await services.unexpectedExit;
  if (stopping) return;
  log(`a server died: ${death}`);
  await stopAll();
  process.exit(1);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

import { ConfigError, loadConfig } from './config';
import { startNightline, type Role } from './compose';
import { installTemporalLogging } from './temporal/runtime-logging';
import { createLogger } from './logger';

/** Longer than the workers' shutdown grace, so activities get their full time before the process gives up. */
const FORCE_EXIT_MS = 45_000;

/** `tsx src/main.ts [api|worker]`: both roles by default, or one so they can scale apart. */
async function main(): Promise<void> {
  const arg = process.argv[2] as Role | undefined;
  if (arg && arg !== 'api' && arg !== 'worker') {
    console.error(`unknown role "${arg}": use "api", "worker" or nothing for both`);
    process.exit(2);
  }
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  const log = createLogger(config.LOG_LEVEL);
  installTemporalLogging(log);
  const roles: Role[] = arg ? [arg] : ['api', 'worker'];
  const app = await startNightline(config, log, { roles });
  log.info({ roles, url: app.url, temporal: config.TEMPORAL_ADDRESS, twilio: config.TWILIO_API_BASE_URL }, 'nightline started');

  // Graceful: the API stops accepting connections and answers those in flight; workers stop polling and let
  // running activities finish (WORKER_SHUTDOWN_GRACE_MS). Whatever is still open after the limit is abandoned
  // to Temporal, which retries it on another worker.
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping: draining requests and activities');
    const force = setTimeout(() => {
      log.error('graceful stop took too long; exiting');
      process.exit(1);
    }, FORCE_EXIT_MS);
    force.unref();
    await app.stop();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error('nightline failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});

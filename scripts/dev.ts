/**
 * `npm run dev`: local services, the Twilio simulator (unless real Twilio credentials are set), the API and
 * the worker, in one process tree. Every variable of the config table is honoured; only the unset ones get
 * local defaults here (src/config.ts itself has no defaults for secrets).
 */
import { loadConfig, ConfigError } from '../src/config';
import { startNightline } from '../src/compose';
import { installTemporalLogging } from '../src/temporal/runtime-logging';
import { createLogger } from '../src/logger';
import { startTwilioSimulator, type TwilioSimulator } from '../src/telephony/simulator/simulator';
import { startServices } from './services/start-services';
import { buildWebConsole } from './web-build';

const env = process.env;
const DEV_SIM_SID = `AC${'0'.repeat(32)}`;
const DEV_SIM_TOKEN = 'dev-auth-token-not-secret';
const DEV_ADMIN_TOKEN = 'dev-admin-token-change-me';
const SIM_PORT = 4010;

async function main(): Promise<void> {
  env.NODE_ENV ??= 'development';
  env.PORT ??= '3000';
  env.PUBLIC_URL ??= `http://127.0.0.1:${env.PORT}`;
  env.ADMIN_API_TOKEN ??= DEV_ADMIN_TOKEN;
  env.TWILIO_FROM_NUMBER ??= '+15005550006';

  const services = await startServices({ dataDir: 'data', log: (l: string) => console.log(`[services] ${l}`) });
  env.MONGODB_URI ??= withDatabase(services.mongoUri, 'nightline');
  env.TEMPORAL_ADDRESS ??= services.temporalAddress;

  let sim: TwilioSimulator | undefined;
  if (!env.TWILIO_ACCOUNT_SID && !env.TWILIO_AUTH_TOKEN) {
    sim = await startTwilioSimulator({
      accountSid: DEV_SIM_SID,
      authToken: DEV_SIM_TOKEN,
      port: Number(env.TWILIO_SIM_PORT ?? SIM_PORT),
      timing: { msPerSimSecond: 100 },
    });
    env.TWILIO_ACCOUNT_SID = DEV_SIM_SID;
    env.TWILIO_AUTH_TOKEN = DEV_SIM_TOKEN;
    env.TWILIO_API_BASE_URL = sim.baseUrl;
  }

  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) console.error(err.message);
    await sim?.stop();
    await services.stop();
    process.exit(78);
  }
  if (sim) {
    sim.configureNumber(config.TWILIO_FROM_NUMBER, {
      voiceUrl: `${config.PUBLIC_URL}/twilio/voice/incoming`,
      smsUrl: `${config.PUBLIC_URL}/twilio/sms/incoming`,
    });
  }
  const log = createLogger(config.LOG_LEVEL);
  installTemporalLogging(config.LOG_LEVEL);
  const web = await buildWebConsole({ watch: true, log: (l: string) => console.log(`[web] ${l}`) });
  const nightline = await startNightline(config, log, { roles: ['api', 'worker'], host: '127.0.0.1' });

  console.log(
    [
      '',
      'Nightline is running:',
      `  Web console    ${nightline.url}/  (sign in with the admin token below)`,
      `  API            ${nightline.url}  (admin token: ${config.ADMIN_API_TOKEN === DEV_ADMIN_TOKEN ? DEV_ADMIN_TOKEN : 'from ADMIN_API_TOKEN'})`,
      `  readiness      ${nightline.url}/readyz`,
      `  public URL     ${config.PUBLIC_URL}  (Twilio webhooks)`,
      `  MongoDB        ${redact(config.MONGODB_URI)}`,
      `  Temporal       ${config.TEMPORAL_ADDRESS}  (namespace ${config.TEMPORAL_NAMESPACE}, queue ${config.TEMPORAL_TASK_QUEUE})`,
      sim
        ? `  Twilio         simulator at ${sim.baseUrl}  (drive it: curl ${sim.baseUrl}/_sim/)`
        : `  Twilio         ${config.TWILIO_API_BASE_URL}  (real credentials)`,
      '',
    ].join('\n'),
  );

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('stopping...');
    await web.close();
    await nightline.stop();
    await sim?.stop();
    await services.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

function withDatabase(uri: string, db: string): string {
  const u = new URL(uri);
  if (u.pathname === '' || u.pathname === '/') u.pathname = `/${db}`;
  return u.toString();
}

function redact(uri: string): string {
  return uri.replace(/\/\/[^@/]*@/, '//***@');
}

main().catch((err: unknown) => {
  console.error('npm run dev failed:', err instanceof Error ? err.message : err);
  process.exit(1);
});

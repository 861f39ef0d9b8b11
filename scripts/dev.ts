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
import { ensureBinaries } from './services/binaries';
import { startMailpit, type RunningMailpit } from './services/mailpit';
import { startSlackStandIn, type SlackStandIn } from '../src/channels/slack-standin/slack-standin';
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

  const services = await startServices({ dataDir: 'data', runsLong: true, log: (l: string) => console.log(`[services] ${l}`) });
  env.MONGODB_URI ??= withDatabase(services.mongoUri, 'nightline');
  env.TEMPORAL_ADDRESS ??= services.temporalAddress;
  // Every email lands in Mailpit's web inbox unless a real SMTP server is configured.
  let mailpit: RunningMailpit | undefined;
  if (!env.SMTP_URL) {
    mailpit = await startMailpit((await ensureBinaries()).mailpit);
    env.SMTP_URL = mailpit.smtpUrl;
  }

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

  // Slack: the loopback stand-in unless a real bot token is set (it records posts; see src/channels/slack-standin).
  let slack: SlackStandIn | undefined;
  if (!env.SLACK_BOT_TOKEN) {
    env.SLACK_BOT_TOKEN = 'xoxb-dev-standin-not-secret';
    env.SLACK_SIGNING_SECRET = 'dev-slack-signing-secret-not-secret';
    slack = await startSlackStandIn({
      botToken: env.SLACK_BOT_TOKEN,
      signingSecret: env.SLACK_SIGNING_SECRET,
      interactionsUrl: `${env.PUBLIC_URL}/slack/interactions`,
      commandsUrl: `${env.PUBLIC_URL}/slack/commands`,
    });
    env.SLACK_API_URL = slack.apiUrl;
  }

  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) console.error(err.message);
    await sim?.stop();
    await mailpit?.stop();
    await slack?.stop();
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
  installTemporalLogging(log);
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
      mailpit ? `  Email inbox    ${mailpit.webUrl}  (Mailpit: every email sent in dev)` : `  Email          SMTP from SMTP_URL`,
      slack ? `  Slack          stand-in at ${slack.apiUrl}  (records posts; no real workspace)` : `  Slack          ${config.SLACK_API_URL}  (real bot token)`,
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
    await mailpit?.stop();
    await slack?.stop();
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

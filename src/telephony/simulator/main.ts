/**
 * Standalone Twilio simulator for dev mode:
 *   tsx src/telephony/simulator/main.ts [--port 4010] [--account-sid AC…] [--auth-token …]
 *     [--ms-per-second 100] [--calls-per-second 1]
 *     [--number +15550000000 --voice-url http://127.0.0.1:3000/twilio/voice --sms-url http://…/twilio/sms]
 * Prints its base URL (for TWILIO_API_BASE_URL); drive it with curl under /_sim/.
 */
import { parseArgs } from 'node:util';
import { startTwilioSimulator } from './simulator';

const DEV_ACCOUNT_SID = `AC${'0'.repeat(32)}`;
const DEV_AUTH_TOKEN = 'dev-auth-token-not-secret';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '4010' },
      'account-sid': { type: 'string', default: DEV_ACCOUNT_SID },
      'auth-token': { type: 'string', default: DEV_AUTH_TOKEN },
      'ms-per-second': { type: 'string', default: '100' },
      'calls-per-second': { type: 'string' },
      number: { type: 'string' },
      'voice-url': { type: 'string' },
      'sms-url': { type: 'string' },
    },
  });
  const sim = await startTwilioSimulator({
    accountSid: values['account-sid'],
    authToken: values['auth-token'],
    port: Number(values.port),
    timing: {
      msPerSimSecond: Number(values['ms-per-second']),
      callsPerSecond: values['calls-per-second'] ? Number(values['calls-per-second']) : undefined,
    },
  });
  if (values.number) {
    sim.configureNumber(values.number, { voiceUrl: values['voice-url'], smsUrl: values['sms-url'] });
  }
  console.log(`Twilio simulator listening on ${sim.baseUrl} (account ${sim.accountSid})`);
  console.log(`TWILIO_API_BASE_URL=${sim.baseUrl}`);
  console.log(`control API: curl ${sim.baseUrl}/_sim/`);

  const shutdown = () => {
    void sim.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

/**
 * Jest globalSetup for the "integration" project: one Mongo-wire server, one Temporal dev server
 * (in memory) and one Mailpit for the whole run, handed to the test workers through process.env.
 */
import { ensureBinaries } from '../../scripts/services/binaries';
import { startMailpit } from '../../scripts/services/mailpit';
import { startServices } from '../../scripts/services/start-services';
import { setRunningServices } from './running-services';

export default async function globalSetup(): Promise<void> {
  const log = (line: string) => process.stderr.write(`\n[integration setup] ${line}`);
  const binaries = await ensureBinaries(log);
  const services = await startServices({ binaries, log });
  const mailpit = await startMailpit(binaries.mailpit);
  setRunningServices({ ...services, stop: () => Promise.all([mailpit.stop(), services.stop()]).then(() => undefined) });
  process.env.MAILPIT_SMTP_URL = mailpit.smtpUrl;
  process.env.MAILPIT_URL = mailpit.webUrl;
  process.env.MONGODB_URI = services.mongoUri;
  process.env.TEMPORAL_ADDRESS = services.temporalAddress;
  process.env.TEMPORAL_TEST_SERVER_PATH = binaries.temporalTestServer;
  process.env.TEMPORAL_CLI_PATH = binaries.temporalCli;
  process.stderr.write('\n');
}

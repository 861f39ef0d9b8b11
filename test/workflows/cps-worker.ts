/**
 * A real worker process for the two-worker calls/s test: the real workflow, activities, Mongo attempt
 * records and the real Twilio client against the test's simulator. SHARED_PACING=0 leaves out the
 * fleet-wide pacer (to show what it prevents). Each dial is logged with this process's pid.
 */
import { appendFileSync } from 'node:fs';
import mongoose from 'mongoose';
import type { Person } from '../../activities/ports';
import { createAlertRepository } from '../../src/db/alert.repository';
import { createNotificationAttemptRepository } from '../../src/db/notification-attempt.repository';
import type { TelephonyProvider } from '../../src/telephony/telephony';
import { TwilioProvider } from '../../src/telephony/twilio-provider';
import { createSharedPacers } from '../../src/temporal/shared-pacing';
import { startWorkers } from '../../src/temporal/worker';
import { memoryDirectory } from '../fixtures/escalation.fixtures';

async function main() {
  const env = (name: string) => {
    const v = process.env[name];
    if (!v) throw new Error(`${name} not set`);
    return v;
  };
  const conn = await mongoose.createConnection(env('MONGODB_URI'), { dbName: env('DB_NAME') }).asPromise();
  const twilio = new TwilioProvider({ accountSid: env('SIM_ACCOUNT_SID'), authToken: env('SIM_AUTH_TOKEN'), fromNumber: '+15550000000', apiBaseUrl: env('SIM_URL') });
  const telephony: TelephonyProvider = {
    async placeCall(req) {
      appendFileSync(env('DIAL_LOG'), `${JSON.stringify({ pid: process.pid, to: req.to, at: Date.now() })}\n`);
      return twilio.placeCall(req);
    },
    sendSms: (req) => twilio.sendSms(req),
    hangUp: (sid) => twilio.hangUp(sid),
    findRecent: (req) => twilio.findRecent(req),
  };
  const perSecond = Number(env('CALLS_PER_SECOND'));
  const config = {
    TEMPORAL_ADDRESS: env('TEMPORAL_ADDRESS'),
    TEMPORAL_NAMESPACE: 'default',
    TEMPORAL_TASK_QUEUE: env('TASK_QUEUE'),
    TWILIO_CALLS_PER_SECOND: perSecond,
    TWILIO_SMS_PER_SECOND: perSecond,
  };
  const deps = {
    directory: memoryDirectory(JSON.parse(env('PEOPLE')) as Person[]),
    telephony,
    alerts: createAlertRepository(conn),
    attempts: createNotificationAttemptRepository(conn),
    publicUrl: 'https://pager.example.com',
  };
  const limits = { callsPerSecond: perSecond, smsPerSecond: perSecond };
  const sharedPacing = process.env.SHARED_PACING === '0' ? undefined : createSharedPacers(conn, config.TEMPORAL_TASK_QUEUE, limits);
  const workers = await startWorkers(config, deps, { workflowBundle: { codePath: env('BUNDLE_PATH') }, sharedPacing });
  process.stdout.write('WORKER READY\n');
  await workers.done;
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});

/**
 * A real worker process for the SIGKILL test: the real workflow, activities, Mongo projection and attempt
 * records, with a directory from JSON and a telephony provider that appends each dial to a file (so the
 * record survives the process). HOLD_FIRST_CALL=1 makes the first call hang after dialling, which is where
 * the test kills the process: the call went out, but Temporal never heard back.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import mongoose from 'mongoose';
import type { Person } from '../../activities/ports';
import { createAlertRepository } from '../../src/db/alert.repository';
import { createNotificationAttemptRepository } from '../../src/db/notification-attempt.repository';
import type { TelephonyProvider } from '../../src/telephony/telephony';
import { startWorkers } from '../../src/temporal/worker';
import { memoryDirectory } from '../fixtures/escalation.fixtures';

async function main() {
  const env = (name: string) => {
    const v = process.env[name];
    if (!v) throw new Error(`${name} not set`);
    return v;
  };
  const conn = await mongoose.createConnection(env('MONGODB_URI'), { dbName: env('DB_NAME') }).asPromise();
  const people = JSON.parse(env('PEOPLE')) as Person[];
  let holdNextCall = process.env.HOLD_FIRST_CALL === '1';
  const dialLog = env('DIAL_LOG');
  let seq = 0;
  const record = (kind: string, to: string, url: string) => {
    const sid = `${kind === 'call' ? 'CA' : 'SM'}${process.pid}-${++seq}`;
    appendFileSync(dialLog, `${JSON.stringify({ kind, sid, to, key: new URL(url).searchParams.get('attempt'), at: Date.now() })}\n`);
    return sid;
  };
  const telephony: TelephonyProvider = {
    async placeCall(req) {
      const sid = record('call', req.to, req.statusCallback);
      if (holdNextCall) {
        holdNextCall = false;
        process.stdout.write('HOLDING CALL\n');
        await new Promise(() => undefined); // the test SIGKILLs us here
      }
      return { sid, status: 'queued' };
    },
    async sendSms(req) {
      return { sid: record('sms', req.to, req.statusCallback ?? 'http://x/?attempt='), status: 'queued' };
    },
    async hangUp(sid) {
      return { sid, status: 'completed' };
    },
    // The dial log is the provider's memory: it outlives the killed process, as Twilio's records do.
    async findRecent(req) {
      const lines = existsSync(dialLog) ? readFileSync(dialLog, 'utf8').trim().split('\n').filter(Boolean) : [];
      return lines
        .map((l) => JSON.parse(l) as { kind: string; sid: string; to: string; at: number })
        .filter((d) => d.kind === req.kind && d.to === req.to && d.at >= req.since.getTime())
        .map((d) => ({ sid: d.sid, status: 'queued', to: d.to, createdAt: new Date(d.at) }))
        .reverse();
    },
  };
  const config = {
    TEMPORAL_ADDRESS: env('TEMPORAL_ADDRESS'),
    TEMPORAL_NAMESPACE: 'default',
    TEMPORAL_TASK_QUEUE: env('TASK_QUEUE'),
    TWILIO_CALLS_PER_SECOND: 50,
    TWILIO_SMS_PER_SECOND: 50,
  };
  const deps = {
    directory: memoryDirectory(people),
    telephony,
    alerts: createAlertRepository(conn),
    attempts: createNotificationAttemptRepository(conn),
    publicUrl: 'https://pager.example.com',
  };
  const workers = await startWorkers(config, deps, { workflowBundle: { codePath: env('BUNDLE_PATH') } });
  process.stdout.write('WORKER READY\n');
  await workers.done;
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});

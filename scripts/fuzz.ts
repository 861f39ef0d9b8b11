/**
 * `npm run fuzz`: Schemathesis against the live service, from its own /openapi.json.
 * Starts throwaway servers (in-memory Mongo-wire and Temporal dev server, unless MONGODB_URI / TEMPORAL_ADDRESS
 * are set), the Twilio simulator, and the service as `npm start` runs it (its own process, fresh database), then
 * runs `st run` with the admin token: examples, coverage, fuzzing and stateful (OpenAPI links) phases, positive and
 * negative data. Checks: no 5xx, and every status, content type, header and body matches the document.
 * Prints Schemathesis's summary and a line `fuzz: <n> requests served; <p> operations passed, <f> failed`; with
 * NIGHTLINE_COUNTS set (.ci/run), writes "<passed> <failed>" to $NIGHTLINE_COUNTS/schemathesis.
 * Options (env): FUZZ_MAX_EXAMPLES (per operation and phase, default 90), FUZZ_MIN_REQUESTS (default 10000).
 */
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTwilioSimulator } from '../src/telephony/simulator';
import { ensureSchemathesis } from './services/binaries';
import { spawnService, type ChildService } from './services/child-service';
import { freePort } from './services/free-port';
import { stderrLog } from './services/log';
import { waitUntilReady } from './services/readiness';
import { startServices } from './services/start-services';

const ACCOUNT_SID = `AC${'f0ee'.repeat(8)}`;
const AUTH_TOKEN = 'fuzz-twilio-auth-token';
const ADMIN_TOKEN = `fuzz-${randomBytes(12).toString('hex')}`;
const MAX_EXAMPLES = Number(process.env.FUZZ_MAX_EXAMPLES ?? 90);
const MIN_REQUESTS = Number(process.env.FUZZ_MIN_REQUESTS ?? 10_000);
const CHECKS = [
  'not_a_server_error',
  'status_code_conformance',
  'content_type_conformance',
  'response_headers_conformance',
  'response_schema_conformance',
];
const UP_TIMEOUT_MS = 120_000;

const answers200 = (url: string) => async () => {
  const res = await fetch(url);
  if (res.status !== 200) throw new Error(`${url} → ${res.status}`);
};

/** Requests the service answered, read from its own request-duration histogram (every route, every status). */
async function requestsServed(base: string): Promise<number> {
  const text = await (
    await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })
  ).text();
  return text
    .split('\n')
    .filter((l) => l.startsWith('nightline_http_request_duration_seconds_count'))
    .reduce((sum, l) => sum + Number(l.split(' ').at(-1)), 0);
}

function runSchemathesis(st: string, base: string, junitPath: string): Promise<number> {
  const args = [
    'run',
    `${base}/openapi.json`,
    '--url',
    base,
    '--header',
    `Authorization: Bearer ${ADMIN_TOKEN}`,
    '--checks',
    CHECKS.join(','),
    '--mode',
    'all',
    '--phases',
    'examples,coverage,fuzzing,stateful',
    '--max-examples',
    String(MAX_EXAMPLES),
    // One worker: with two, Hypothesis (on Python 3.11) can fail parsing its own lambdas in parallel threads
    // ("AST constructor recursion depth mismatch"), an error in the fuzzer rather than a finding.
    '--workers',
    '1',
    '--request-timeout',
    '20',
    '--seed',
    process.env.FUZZ_SEED ?? '1',
    '--report',
    'junit',
    '--report-junit-path',
    junitPath,
    '--no-color',
  ];
  return new Promise((resolve, reject) => {
    // The token is passed as an argument to a child on this machine only; it is a throwaway made above.
    const child = spawn(st, args, { stdio: 'inherit', env: { ...process.env, SCHEMATHESIS_HOOKS: '' } });
    child.on('error', reject);
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

/** Operations that passed and failed every check, from Schemathesis's JUnit report (one test case per operation). */
function operationCounts(junitPath: string): { passed: number; failed: number } {
  const xml = readFileSync(junitPath, 'utf8');
  const suite = /<testsuites[^>]*>/.exec(xml)?.[0] ?? '';
  const attr = (name: string) => Number(new RegExp(`${name}="(\\d+)"`).exec(suite)?.[1] ?? 0);
  const failed = attr('failures') + attr('errors');
  return { passed: attr('tests') - failed - attr('skipped'), failed };
}

async function main(): Promise<number> {
  const st = await ensureSchemathesis(stderrLog);
  const services = await startServices({ log: stderrLog });
  const sim = await startTwilioSimulator({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const mongo = new URL(services.mongoUri);
  mongo.pathname = `/fuzz_${randomBytes(4).toString('hex')}`;
  let service: ChildService | undefined;
  try {
    service = spawnService('nightline', process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: {
        ...process.env,
        NODE_ENV: 'production',
        PORT: String(port),
        WORKER_HEALTH_PORT: String(await freePort()),
        PUBLIC_URL: base,
        MONGODB_URI: mongo.toString(),
        TEMPORAL_ADDRESS: services.temporalAddress,
        TEMPORAL_TASK_QUEUE: `fuzz-${randomBytes(4).toString('hex')}`,
        TWILIO_ACCOUNT_SID: ACCOUNT_SID,
        TWILIO_AUTH_TOKEN: AUTH_TOKEN,
        TWILIO_FROM_NUMBER: '+15550009000',
        TWILIO_API_BASE_URL: sim.baseUrl,
        TWILIO_CALLS_PER_SECOND: '50',
        TWILIO_SMS_PER_SECOND: '50',
        ADMIN_API_TOKEN: ADMIN_TOKEN,
        RATE_LIMIT_EVENTS_PER_MINUTE: '100000',
        RATE_LIMIT_WEBHOOKS_PER_MINUTE: '100000',
        LOG_LEVEL: 'error',
      },
    });
    await waitUntilReady(service, `${base}/readyz`, answers200(`${base}/readyz`), UP_TIMEOUT_MS);
    const junitPath = join(process.cwd(), 'data', 'fuzz-report', 'junit.xml');
    rmSync(junitPath, { force: true });
    const code = await runSchemathesis(st, base, junitPath);
    const served = await requestsServed(base);
    const ops = operationCounts(junitPath);
    const enough = served >= MIN_REQUESTS;
    const failed = ops.failed + (enough ? 0 : 1) + (code !== 0 && ops.failed === 0 ? 1 : 0);
    console.log(
      `fuzz: ${served} requests served; ${ops.passed} operations passed, ${ops.failed} failed` +
        (enough ? '' : `; fewer than ${MIN_REQUESTS} requests`) +
        (code === 0 ? '' : ` (schemathesis exit ${code}; report ${junitPath})`),
    );
    if (process.env.NIGHTLINE_COUNTS)
      writeFileSync(join(process.env.NIGHTLINE_COUNTS, 'schemathesis'), `${ops.passed} ${failed}\n`);
    return failed ? 1 : 0;
  } finally {
    await service?.stop();
    await sim.stop().catch(() => undefined);
    await services.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error('fuzz failed to run:', err instanceof Error ? err.message : err);
    if (process.env.NIGHTLINE_COUNTS)
      writeFileSync(join(process.env.NIGHTLINE_COUNTS, 'schemathesis'), '0 1\n');
    process.exit(1);
  },
);

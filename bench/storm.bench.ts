/**
 * Storm benchmark (prints figures, asserts nothing): `npm run bench:storm`.
 * Issue 11's test storm against the embedded default on disk (Temporal dev server's SQLite file, Mongo-wire's
 * H2 file, as `npm run dev` runs them): 1,000 triggers to /v2/enqueue in 10 s, 20 incidents sent 50 times each
 * with their own dedup keys, over 10 services with one on-call person each (call and SMS), Twilio limited to
 * 1 call/s and 1 SMS/s. Reports the answers (2xx, 5xx), 202 latency, alerts created, the time until every alert's
 * first call, the call order by severity, and calls and SMS per person.
 * Options: --in-memory (servers in memory), --json <file> (default bench/results/storm-<time>.json).
 * Uses MONGODB_URI / TEMPORAL_ADDRESS when set.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { startServices } from '../scripts/services/start-services';
import { TEST_STORM, sendStorm } from '../test/fixtures/storm';
import { ADMIN_TOKEN, startPagingStack, type PagingStack } from './paging-latency.stack';

const SERVICES = 10;
const DRAIN_TIMEOUT_MS = 180_000;
/** Nothing new at Twilio for this long: the paging is over. */
const QUIET_MS = 15_000;
const SEVERITY_LETTER: Record<string, string> = { critical: 'C', high: 'H', medium: 'M', low: 'L' };
const RANK: Record<string, number> = { critical: 0, high: 1, medium: 2, low: 3 };

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? NaN;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

interface AlertRow {
  id: string;
  severity: string;
  count: number;
}

async function admin<T>(stack: PagingStack, method: 'GET' | 'POST', p: string, body?: unknown): Promise<T> {
  const res = await fetch(`${stack.url}/api/v1${p}`, {
    method,
    headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  if (!res.ok) throw new Error(`${method} ${p} → ${res.status}`);
  return (await res.json()) as T;
}

/** Ten services, each with its own person on call (default preferences: call and SMS). */
async function world(stack: PagingStack): Promise<{ routingKeys: string[]; phones: string[] }> {
  const routingKeys: string[] = [];
  const phones: string[] = [];
  for (let i = 0; i < SERVICES; i++) {
    const phone = `+1555300${String(1000 + i)}`;
    const user = await admin<{ id: string }>(stack, 'POST', '/users', {
      name: `Storm person ${i}`,
      email: `storm-${i}-${randomBytes(3).toString('hex')}@example.test`,
      phone,
      notificationPrefs: { channels: ['phone_call', 'sms'] },
    });
    const policy = await admin<{ id: string }>(stack, 'POST', '/escalation-policies', {
      name: `Storm policy ${i}`,
      levels: [{ targets: [{ type: 'user', id: user.id }], delayMinutes: 30, repeatCount: 0, retryIntervalMinutes: 0 }],
    });
    const service = await admin<{ routingKey: string }>(stack, 'POST', '/services', { name: `storm-service-${i}`, escalationPolicyId: policy.id });
    routingKeys.push(service.routingKey);
    phones.push(phone);
  }
  return { routingKeys, phones };
}

function perNumber(stack: PagingStack, suffix: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of stack.sim.records.requests) {
    if (r.method !== 'POST' || !r.path.endsWith(suffix) || typeof r.params.To !== 'string') continue;
    out[r.params.To] = (out[r.params.To] ?? 0) + 1;
  }
  return out;
}

async function run(services: { mongoUri: string; temporalAddress: string }) {
  const stack = await startPagingStack({
    mongoUri: services.mongoUri,
    temporalAddress: services.temporalAddress,
    callsPerSecond: 1,
    phone: 'ring',
    topology: 'single',
    // The storm sends 100 triggers per service in 10 s; the default limit (120/min) is not what is measured.
    env: { RATE_LIMIT_EVENTS_PER_MINUTE: '100000' },
  });
  try {
    const { routingKeys, phones } = await world(stack);
    console.log(`storm: ${TEST_STORM.incidents * TEST_STORM.repeats} triggers in ${TEST_STORM.seconds} s (${TEST_STORM.incidents} incidents × ${TEST_STORM.repeats}) over ${SERVICES} services; Twilio 1 call/s, 1 SMS/s`);
    const t0 = Date.now();
    const answers = await sendStorm(stack.url, routingKeys, randomBytes(4).toString('hex'));
    const sendSeconds = (Date.now() - t0) / 1000;
    const latencies = answers.filter((a) => a.status >= 200 && a.status < 300).map((a) => a.latencyMs).sort((a, b) => a - b);
    const byStatus: Record<string, number> = {};
    for (const a of answers) byStatus[String(a.status)] = (byStatus[String(a.status)] ?? 0) + 1;
    const fiveXx = answers.filter((a) => a.status >= 500 || a.status === 0).length;
    const noAnswer: Record<string, number> = {};
    for (const a of answers) if (a.error) noAnswer[a.error] = (noAnswer[a.error] ?? 0) + 1;

    const alerts = (await admin<{ data: AlertRow[] }>(stack, 'GET', '/alerts?limit=200')).data;
    const severityOf = new Map(alerts.map((a) => [a.id, a.severity]));
    // Until every alert has had a call, or nothing new reached Twilio for a while (a person whose phone is still
    // ringing gets their next alert by SMS, so not every alert is ever called).
    const deadline = Date.now() + DRAIN_TIMEOUT_MS;
    const sent = () => stack.sim.records.requests.filter((r) => r.method === 'POST' && /\/(Calls|Messages)\.json$/.test(r.path)).length;
    let arrivals = stack.callArrivals();
    let last = sent();
    let quietSince = Date.now();
    while (alerts.some((a) => !arrivals.has(a.id)) && Date.now() < deadline && Date.now() - quietSince < QUIET_MS) {
      await sleep(500);
      arrivals = stack.callArrivals();
      if (sent() !== last) [last, quietSince] = [sent(), Date.now()];
    }
    const firstCalls = alerts.flatMap((a) => (arrivals.has(a.id) ? [arrivals.get(a.id)! - t0] : []));
    const order = [...arrivals].filter(([id]) => severityOf.has(id)).sort((a, b) => a[1] - b[1]).map(([id]) => severityOf.get(id)!);
    // Pairs called in the wrong order (a less severe alert called before a more severe one).
    let inversions = 0;
    for (let i = 0; i < order.length; i++) for (let j = i + 1; j < order.length; j++) if (RANK[order[i]!]! > RANK[order[j]!]!) inversions++;
    const calls = perNumber(stack, '/Calls.json');
    const sms = perNumber(stack, '/Messages.json');

    const figures = {
      triggers: answers.length,
      sendSeconds,
      answers: byStatus,
      fiveXx,
      noAnswer,
      acceptLatencyMs: { p50: pct(latencies, 0.5), p95: pct(latencies, 0.95), p99: pct(latencies, 0.99), max: latencies.at(-1) ?? NaN },
      alertsCreated: alerts.length,
      countsPerAlert: alerts.map((a) => a.count),
      alertsCalled: firstCalls.length,
      firstCallAfterStormStartMs: { first: Math.min(...firstCalls), last: Math.max(...firstCalls) },
      callOrderBySeverity: order.map((s) => SEVERITY_LETTER[s]).join(''),
      severityInversions: inversions,
      perPerson: phones.map((p) => ({ phone: p, calls: calls[p] ?? 0, sms: sms[p] ?? 0 })),
    };
    console.log(`  answered: ${Object.entries(byStatus).map(([s, n]) => `${s}: ${n}`).join(', ')} (5xx or no answer: ${fiveXx}${Object.keys(noAnswer).length ? `: ${JSON.stringify(noAnswer)}` : ''}); sent over ${sendSeconds.toFixed(1)} s`);
    console.log(`  POST -> 202: p50 ${figures.acceptLatencyMs.p50} ms  p95 ${figures.acceptLatencyMs.p95} ms  p99 ${figures.acceptLatencyMs.p99} ms  max ${figures.acceptLatencyMs.max} ms  (target p99 <= 1000 ms)`);
    console.log(`  alerts created: ${alerts.length} (expected ${TEST_STORM.incidents}); trigger counts: ${[...new Set(figures.countsPerAlert)].join(', ')}`);
    console.log(`  every alert's first call: ${firstCalls.length}/${alerts.length} called; first ${figures.firstCallAfterStormStartMs.first} ms, last ${figures.firstCallAfterStormStartMs.last} ms after the storm began`);
    console.log(`  call order by severity: ${figures.callOrderBySeverity} (pairs out of order: ${inversions})`);
    console.log(`  per person (calls/SMS): ${figures.perPerson.map((p) => `${p.calls}/${p.sms}`).join('  ')}`);
    return figures;
  } finally {
    await stack.stop();
  }
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const dataDir = process.argv.includes('--in-memory') ? undefined : await mkdtemp(path.join(tmpdir(), 'nightline-storm-'));
  console.log(dataDir ? `servers on disk in ${dataDir}` : 'servers in memory');
  const services = await startServices({ ...(dataDir ? { dataDir } : {}), runsLong: true });
  try {
    const figures = await run(services);
    const i = process.argv.indexOf('--json');
    const out = i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : path.join('bench', 'results', `storm-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    await mkdir(path.dirname(out), { recursive: true });
    await writeFile(out, JSON.stringify({ bench: 'storm', at: new Date().toISOString(), onDisk: Boolean(dataDir), ...figures }, null, 2));
    console.log(`figures written to ${out}`);
  } finally {
    await services.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);

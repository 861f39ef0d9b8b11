/**
 * Web console benchmark (prints figures, asserts nothing): `npm run bench:web`.
 * 1. Builds the console and prints the gzipped size of the first route's JavaScript: the entry script plus every
 *    chunk index.html preloads (target <= 300 KB), and the CSS beside it.
 * 2. Starts the real service (in-memory Mongo-wire + Temporal dev server, simulator-free: nobody is paged), a
 *    schedule with one person, and Debian's chromium; prints the time from navigation to the home page showing
 *    who is on call, on loopback (target <= 1 s): the first (cold cache) load and the median of the next ones.
 *    It then prints the last load's waterfall (document, scripts, API calls) and writes the figures to
 *    bench/results/web-console.json.
 * Options: BENCH_WEB_RUNS (default 7), BENCH_WEB_SCHEDULES (default 6).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import pino from 'pino';
import { startNightline } from '../src/compose';
import { loadConfig } from '../src/config';
import { startServices } from '../scripts/services/start-services';
import { buildWebConsole } from '../scripts/web-build';
import { launchChromium, openConsole } from '../test/fixtures/browser';
import { freePort } from '../test/fixtures/stack';

const DIST = resolve(__dirname, '../web/dist');
const RUNS = Number(process.env.BENCH_WEB_RUNS ?? 7);
const SCHEDULES = Number(process.env.BENCH_WEB_SCHEDULES ?? 6);

interface Timing {
  name: string;
  start: number;
  end: number;
}
/** Runs in the page: the document and every request it made, as start/end from navigation start. */
const WATERFALL = `[
  ...performance.getEntriesByType('navigation').map((e) => ({ name: 'document ' + new URL(e.name).pathname, start: e.startTime, end: e.responseEnd })),
  ...performance.getEntriesByType('resource').map((e) => ({ name: new URL(e.name).pathname + new URL(e.name).search.slice(0, 40), start: e.startTime, end: e.responseEnd })),
].sort((a, b) => a.start - b.start)`;
const TOKEN = 'bench-web-admin-token-0123456789';
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

function firstRouteSize(): { js: number; css: number; files: string[] } {
  const html = readFileSync(resolve(DIST, 'index.html'), 'utf8');
  const refs = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1] ?? '');
  let js = 0;
  let css = 0;
  for (const ref of refs) {
    const size = gzipSync(readFileSync(resolve(DIST, `.${ref}`))).length;
    if (ref.endsWith('.js')) js += size;
    else if (ref.endsWith('.css')) css += size;
  }
  return { js, css, files: refs };
}

async function main(): Promise<void> {
  await buildWebConsole();
  const size = firstRouteSize();
  console.log(`first route JavaScript, gzipped: ${kb(size.js)} (target <= 300 KB); CSS ${kb(size.css)}; files: ${size.files.join(', ')}`);

  const services = await startServices({ log: () => undefined });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const config = loadConfig({
    NODE_ENV: 'production',
    PORT: String(port),
    PUBLIC_URL: url,
    MONGODB_URI: `${services.mongoUri.replace(/\/$/, '')}/bench_web_${process.pid}`,
    TEMPORAL_ADDRESS: services.temporalAddress,
    TEMPORAL_TASK_QUEUE: `bench-web-${process.pid}`,
    TWILIO_ACCOUNT_SID: `AC${'b'.repeat(32)}`,
    TWILIO_AUTH_TOKEN: 'bench-web-twilio-token',
    TWILIO_FROM_NUMBER: '+15005550006',
    ADMIN_API_TOKEN: TOKEN,
    LOG_LEVEL: 'silent',
  });
  const nightline = await startNightline(config, pino({ level: 'silent' }), { roles: ['api'], host: '127.0.0.1' });
  const browser = await launchChromium();
  try {
    const post = async (path: string, body: object) => {
      const res = await fetch(`${url}/api/v1${path}`, { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      if (!res.ok) throw new Error(`POST ${path} → ${res.status} ${await res.text()}`);
      return (await res.json()) as { id: string };
    };
    const user = await post('/users', { name: 'Bench Person', email: 'bench@example.test', phone: '+15550000001' });
    await post('/schedules', { name: 'Bench', timezone: 'UTC', rotationType: 'weekly', handoffTime: '09:00', handoffDay: 1, startDate: '2026-01-05', members: [{ userId: user.id }] });

    // A realistic home page: several schedules, each with a card (and its share of the gap banner's requests).
    for (let i = 2; i <= SCHEDULES; i++) {
      await post('/schedules', { name: `Bench ${i}`, timezone: 'UTC', rotationType: 'daily', handoffTime: '09:00', startDate: '2026-01-05', members: [{ userId: user.id }] });
    }

    const { context, page } = await openConsole(browser, url, 'desktop', { token: TOKEN });
    const times: number[] = [];
    let waterfall: Timing[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = Date.now();
      await page.goto('/');
      await page.getByTestId('on-call-name').first().waitFor();
      times.push(Date.now() - t0);
      waterfall = await page.evaluate<Timing[]>(WATERFALL);
    }
    await context.close();
    const [cold, ...warm] = times;
    const median = [...warm].sort((a, b) => a - b)[Math.floor(warm.length / 2)] ?? NaN;
    console.log(`navigation → home shows who is on call (loopback, ${SCHEDULES} schedules): cold ${cold} ms, warm median ${median} ms over ${warm.length} loads (target <= 1000 ms)`);
    console.log('last load, what the browser fetched (ms from navigation start):');
    for (const w of waterfall) console.log(`  ${w.start.toFixed(0).padStart(5)} → ${w.end.toFixed(0).padStart(5)}  ${w.name}`);
    const out = resolve(__dirname, 'results/web-console.json');
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, JSON.stringify({ firstRouteJsGzipBytes: size.js, cssGzipBytes: size.css, schedules: SCHEDULES, coldMs: cold, warmMedianMs: median, warmMs: warm, waterfall }, null, 2));
    console.log(`figures written to ${out}`);
  } finally {
    await browser.close();
    await nightline.stop();
    await services.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

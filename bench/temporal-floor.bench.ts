import http from 'node:http';
import { Client, Connection, WithStartWorkflowOperation } from '@temporalio/client';
import { NativeConnection, Worker, DefaultLogger, Runtime } from '@temporalio/worker';
import { startServices } from '../scripts/services/start-services';
import { cpuByGroup, cpuSnapshot } from './cpu-usage';

/**
 * `npm run bench:floor [rate] [seconds]` (prints figures, asserts nothing): the floor of Temporal-based paging
 * on this machine, to read bench:paging against. Each "alert" is an update-with-start of a workflow whose first
 * task schedules one activity on its own task queue; the activity POSTs to a loopback HTTP server. No Mongo, no
 * REST API, no Twilio SDK: only what any Temporal workflow per alert costs (client, worker, dev server).
 */
async function main() {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const s = await startServices({ mongo: false });
  const arrivals = new Map<string, number>();
  const srv = http.createServer((req, res) => {
    arrivals.set(req.url!.slice(1), Date.now());
    req.resume();
    res.end('ok');
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  const conn = await NativeConnection.connect({ address: s.temporalAddress! });
  const w1 = await Worker.create({ connection: conn, taskQueue: 'floor', workflowsPath: require.resolve('./temporal-floor.workflow') });
  const page = async (id: string) => {
    await fetch(`http://127.0.0.1:${port}/${id}`, { method: 'POST' });
    return id;
  };
  const w2 = await Worker.create({ connection: conn, taskQueue: 'floor-calls', activities: { page } });
  const running = Promise.all([w1.run(), w2.run()]);
  const client = new Client({ connection: await Connection.connect({ address: s.temporalAddress! }) });
  const RATE = Number(process.argv[2] ?? 20);
  const SECONDS = Number(process.argv[3] ?? 60);
  const fire = async (n: number, tag: string) => {
    const t0 = Date.now();
    const sent = new Map<string, number>();
    const ps: Promise<unknown>[] = [];
    for (let i = 0; i < n; i++) {
      const wait = t0 + (i * 1000) / RATE - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const id = `${tag}-${i}`;
      sent.set(id, Date.now());
      const op = new WithStartWorkflowOperation('floor', { workflowId: id, taskQueue: 'floor', args: [id], workflowIdConflictPolicy: 'USE_EXISTING' });
      ps.push(client.workflow.executeUpdateWithStart('trigger', { args: ['x'], startWorkflowOperation: op }));
    }
    await Promise.all(ps);
    while ([...sent.keys()].some((k) => !arrivals.has(k))) await new Promise((r) => setTimeout(r, 100));
    return sent;
  };
  await fire(RATE * 10, 'warm');
  const b = cpuSnapshot();
  const sent = await fire(RATE * SECONDS, 'run');
  const cpu = cpuByGroup(b, cpuSnapshot(), (pid, name) => (pid === process.pid ? 'node (client+workers+http)' : name));
  const lat = [...sent].map(([k, t]) => arrivals.get(k)! - t).sort((a, b) => a - b);
  const pct = (p: number) => lat[Math.ceil(p * lat.length) - 1];
  console.log(`\nTemporal floor: ${RATE * SECONDS} workflows at ${RATE}/s for ${SECONDS} s (after a 10-s warm-up)`);
  console.log(`  update-with-start -> activity's HTTP request: p50 ${pct(0.5)} ms  p95 ${pct(0.95)} ms  p99 ${pct(0.99)} ms`);
  const n = RATE * SECONDS;
  const parts = [...cpu].filter(([, ms]) => ms / n > 0.2).map(([g, ms]) => `${g === 'temporal' ? 'Temporal dev server' : g} ${(ms / n).toFixed(1)} ms`);
  console.log(`  CPU per workflow: ${parts.join(', ')}`);
  w1.shutdown();
  w2.shutdown();
  await running;
  await conn.close();
  srv.close();
  await s.stop();
  process.exit(0);
}
main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { Client, Connection, WithStartWorkflowOperation } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { cpuByGroup, cpuSnapshot, processTree } from './cpu-usage';
import { percentiles, sleep, type Percentiles } from './bench-kit';

export interface FloorFigures {
  rate: number;
  seconds: number;
  workflows: number;
  latencyMs: Percentiles;
  /** CPU ms per workflow by process group, and in all. */
  cpuPerWorkflowMs: Record<string, number>;
  cpuPerWorkflowTotalMs: number;
  coresBusy: number;
}

/**
 * The floor of Temporal-based paging on this machine, to read the paging benches against. Each "alert" is an
 * update-with-start of a workflow whose first task schedules one activity on its own task queue; the activity
 * POSTs to a loopback HTTP server. No Mongo, no REST API, no Twilio SDK: only what any Temporal workflow per
 * alert costs (client, worker, server). The workers run in this process; `temporalPids` are the server's.
 * Ids and task queues are fresh per call, so several floors can run against one server.
 */
export async function runFloor(opts: { temporalAddress: string; rate: number; seconds: number; warmUpSeconds: number; temporalPids?: Set<number> }): Promise<FloorFigures> {
  const { rate, seconds } = opts;
  const tag = randomBytes(4).toString('hex');
  const arrivals = new Map<string, number>();
  const srv = http.createServer((req, res) => {
    arrivals.set(req.url!.slice(1), Date.now());
    req.resume();
    res.end('ok');
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  const conn = await NativeConnection.connect({ address: opts.temporalAddress });
  const queue = `floor-${tag}`;
  const w1 = await Worker.create({ connection: conn, taskQueue: queue, workflowsPath: require.resolve('./temporal-floor.workflow') });
  const page = async (id: string) => {
    await fetch(`http://127.0.0.1:${port}/${id}`, { method: 'POST' });
    return id;
  };
  const w2 = await Worker.create({ connection: conn, taskQueue: 'floor-calls', activities: { page } });
  const running = Promise.all([w1.run(), w2.run()]);
  const client = new Client({ connection: await Connection.connect({ address: opts.temporalAddress }) });
  const fire = async (n: number, label: string) => {
    const t0 = Date.now();
    const sent = new Map<string, number>();
    const ps: Promise<unknown>[] = [];
    for (let i = 0; i < n; i++) {
      const wait = t0 + (i * 1000) / rate - Date.now();
      if (wait > 0) await sleep(wait);
      const id = `${label}-${tag}-${i}`;
      sent.set(id, Date.now());
      const op = new WithStartWorkflowOperation('floor', { workflowId: id, taskQueue: queue, args: [id], workflowIdConflictPolicy: 'USE_EXISTING' });
      ps.push(client.workflow.executeUpdateWithStart('trigger', { args: ['x'], startWorkflowOperation: op }));
    }
    await Promise.all(ps);
    while ([...sent.keys()].some((k) => !arrivals.has(k))) await sleep(100);
    return sent;
  };
  try {
    await fire(Math.round(rate * opts.warmUpSeconds), 'warm');
    const before = cpuSnapshot();
    const sent = await fire(Math.round(rate * seconds), 'run');
    const after = cpuSnapshot();
    const mine = processTree(after);
    const cpu = cpuByGroup(before, after, (pid, name) => {
      if (pid === process.pid) return 'node (client+workers+http)';
      if (opts.temporalPids?.has(pid) || (!opts.temporalPids && mine.has(pid) && name === 'temporal')) return 'Temporal server';
      return undefined;
    });
    cpu.delete('other');
    const n = sent.size;
    const total = [...cpu.values()].reduce((a, b) => a + b, 0);
    return {
      rate,
      seconds,
      workflows: n,
      latencyMs: percentiles([...sent].map(([k, t]) => arrivals.get(k)! - t)),
      cpuPerWorkflowMs: Object.fromEntries([...cpu].map(([g, ms]) => [g, Math.round((ms / n) * 10) / 10])),
      cpuPerWorkflowTotalMs: Math.round((total / n) * 10) / 10,
      coresBusy: Math.round((total / (seconds * 1000)) * 100) / 100,
    };
  } finally {
    w1.shutdown();
    w2.shutdown();
    await running;
    await client.connection.close();
    await conn.close();
    srv.close();
  }
}

import { createServer, type Server } from 'node:http';
import type { RunningWorkers } from './worker';

/** A worker-only process answers /healthz so an orchestrator can tell a stopped worker from a live one. */
export function startWorkerHealthServer(workers: RunningWorkers, port: number, host = '0.0.0.0'): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.url !== '/healthz') {
      res.writeHead(404).end();
      return;
    }
    const states = workers.workers.map((w) => w.getState());
    const ok = states.every((s) => s === 'RUNNING');
    res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: ok ? 'ok' : 'unavailable', workers: states }));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

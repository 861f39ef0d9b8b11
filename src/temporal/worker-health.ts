import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';
import type { RunningWorkers } from './worker';

/**
 * A worker-only process answers /healthz so an orchestrator can tell a stopped worker from a live one, and
 * /metrics (Prometheus text) for the paging side. The port is meant for the cluster network, not the internet.
 */
export function startWorkerHealthServer(workers: RunningWorkers, port: number, host = '0.0.0.0', registry?: Registry): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.url === '/metrics' && registry) {
      registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
        () => res.writeHead(500).end(),
      );
      return;
    }
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

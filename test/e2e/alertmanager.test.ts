import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, startStack, type Stack } from '../fixtures/stack';
import { eventually } from '../fixtures/alerting.builders';

jest.setTimeout(90_000);

/**
 * A real Prometheus Alertmanager (Debian's prometheus-alertmanager) on loopback, whose webhook receiver is
 * the real Nightline service: alerts posted to Alertmanager's API v2 must page, and resolve when they end.
 */
const INSTALL_HINT = 'apt-get update && apt-get install -y prometheus-alertmanager';
/** The first Alertmanager executable on PATH (Debian names it prometheus-alertmanager). */
const binary = ['prometheus-alertmanager', 'alertmanager']
  .flatMap((name) => (process.env.PATH ?? '').split(path.delimiter).filter(Boolean).map((dir) => path.join(dir, name)))
  .find((file) => {
    try {
      accessSync(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
if (!binary) console.warn(`SKIPPING test/e2e/alertmanager.test.ts: no Alertmanager binary on PATH (install it: ${INSTALL_HINT})`);
const describeWithAlertmanager = binary ? describe : describe.skip;

interface RunningAlertmanager {
  url: string;
  stop(): Promise<void>;
}

async function startAlertmanager(webhookUrl: string): Promise<RunningAlertmanager> {
  const dir = await mkdtemp(path.join(tmpdir(), 'nightline-am-'));
  const config = [
    'route:',
    '  receiver: nightline',
    "  group_by: ['alertname']",
    '  group_wait: 200ms',
    '  group_interval: 1s',
    '  repeat_interval: 1h',
    'receivers:',
    '  - name: nightline',
    '    webhook_configs:',
    `      - url: '${webhookUrl}'`,
    '        send_resolved: true',
  ].join('\n');
  await writeFile(path.join(dir, 'alertmanager.yml'), config);
  const port = await freePort();
  const output: string[] = [];
  const child: ChildProcess = spawn(
    binary!,
    [
      `--config.file=${path.join(dir, 'alertmanager.yml')}`,
      `--storage.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=', // no gossip: a single loopback instance
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout!.on('data', (c: Buffer) => output.push(c.toString()));
  child.stderr!.on('data', (c: Buffer) => output.push(c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000).unref())]);
    if (child.exitCode === null) child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  };
  const url = `http://127.0.0.1:${port}`;
  try {
    await eventually(async () => {
      if (child.exitCode !== null) throw Object.assign(new Error(`alertmanager exited: ${output.join('')}`), { fatal: true });
      const res = await fetch(`${url}/-/ready`);
      if (!res.ok) throw new Error(`not ready: ${res.status}`);
    }, 20_000, 100);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, stop };
}

/** Alertmanager's own API: an alert with endsAt in the past is resolved. */
async function postAlert(am: RunningAlertmanager, alert: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${am.url}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([alert]) });
  if (res.status !== 200) throw new Error(`POST /api/v2/alerts → ${res.status}: ${await res.text()}`);
}

describeWithAlertmanager('a real Alertmanager pointed at Nightline', () => {
  let s: Stack;
  let am: RunningAlertmanager;
  let serviceId: string;
  let onCall: { id: string; phone: string };
  beforeAll(async () => {
    s = await startStack();
    onCall = await s.aUser('Dana');
    const policy = await s.aPolicy([[{ type: 'user', id: onCall.id }]]);
    const service = (await s.api.post('/services', { name: 'Databases', escalationPolicyId: policy.id })).body;
    serviceId = service.id;
    am = await startAlertmanager(`${s.url}/integrations/alertmanager/${service.routingKey}`);
  });
  afterAll(async () => {
    await am?.stop();
    await s?.stop();
  });

  it('a firing alert posted to Alertmanager pages the on-call person, and resolves when it ends', async () => {
    const startsAt = new Date(Date.now() - 60_000).toISOString();
    const alert = {
      labels: { alertname: 'PostgresDown', severity: 'critical', instance: 'db-1:5432' },
      annotations: { summary: 'Primary Postgres is unreachable', description: 'pg_up == 0 for 1m' },
      startsAt,
      generatorURL: 'http://prometheus.test/graph?g0.expr=pg_up',
    };
    await postAlert(am, alert);

    const [created] = await eventually(async () => {
      const list = (await s.api.get(`/alerts?serviceId=${serviceId}`)).body.data as { id: string }[];
      expect(list).toHaveLength(1);
      return list;
    }, 30_000, 200);
    const opened = await s.waitForAlert(created!.id, (a) => expect(a.status).toBe('triggered'));
    expect(opened).toMatchObject({ title: 'Primary Postgres is unreachable', severity: 'critical', source: 'db-1:5432', dedupKey: expect.stringMatching(/^alertmanager:[0-9a-f]+$/) });
    const call = await s.waitForCallTo(onCall.phone, 20_000);
    expect(call.request.url).toContain('/twilio/voice/page');

    await postAlert(am, { ...alert, endsAt: new Date(Date.now() - 1000).toISOString() });
    const resolved = await s.waitForAlert(created!.id, (a) => expect(a.timeline.map((e) => e.action)).toContain('resolved'), 30_000);
    expect(resolved).toMatchObject({ status: 'resolved', resolvedBy: 'alertmanager (Databases)' });
    expect(s.callsTo(onCall.phone)).toHaveLength(1);
  });
});

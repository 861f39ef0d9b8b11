import request from 'supertest';
import { ADMIN_TOKEN, startStack, type Stack } from '../fixtures/stack';
import { eventually } from '../fixtures/alerting.builders';

jest.setTimeout(90_000);

let s: Stack;
beforeAll(async () => {
  s = await startStack({ workerHealth: true });
});
afterAll(async () => {
  await s?.stop();
});

const apiMetrics = async () => (await request(s.url).get('/metrics').set('Authorization', `Bearer ${ADMIN_TOKEN}`).expect(200)).text;
const workerMetrics = async () => (await request(s.nightline.workerHealthUrl!).get('/metrics').expect(200)).text;
/** The value of one series, or undefined when it is not exported. */
function series(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const m = /^([a-z_]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[3]);
  }
  return undefined;
}

describe('metrics after a real page', () => {
  it('the API and the worker export every paging series: notifications, provider errors, acknowledgement time, open alerts, timer lateness, pacer depth, alerts, webhooks', async () => {
    // Alice answers and presses 1; the alert is then resolved (its workflow's last timer fires).
    const alice = await s.aUser('Alice');
    s.sim.phone(alice.phone).answers({ pressDigits: ['1'] });
    const acked = await s.trigger((await s.aPolicy([[{ type: 'user', id: alice.id }]])).id);
    await s.waitForAlert(acked, (a) => expect(a.status).toBe('acknowledged'));
    await s.api.post(`/alerts/${acked}/resolve`, {}).expect(200);
    await s.waitForAlert(acked, (a) => expect(a.status).toBe('resolved'));

    // Carol's number is refused by the Calls API (21215: no permission for that destination): it stays open.
    const carol = await s.aUser('Carol');
    s.sim.phone(carol.phone).script({ callApiError: 21215 });
    const failing = await s.trigger((await s.aPolicy([[{ type: 'user', id: carol.id }]])).id, { severity: 'high' });

    // Projections and scrapes land a moment after the calls: poll until every series is there.
    await eventually(async () => {
      const worker = await workerMetrics();
      expect(series(worker, 'nightline_provider_errors_total', { operation: 'placeCall', code: '21215' })).toBeGreaterThanOrEqual(1);
      expect(series(worker, 'nightline_escalation_timer_lateness_seconds_count')).toBeGreaterThanOrEqual(1);
      expect(series(worker, 'nightline_notifications_total', { channel: 'phone_call', outcome: 'sent' })).toBeGreaterThanOrEqual(1);
      expect(series(worker, 'nightline_notifications_total', { channel: 'phone_call', outcome: 'failed' })).toBeGreaterThanOrEqual(1);
      expect(series(worker, 'nightline_time_to_acknowledge_seconds_count')).toBe(1);
      expect(series(worker, 'nightline_open_alerts', { level: '0', status: 'triggered' })).toBe(1);
      expect(series(worker, 'nightline_pacer_queue_depth', { kind: 'calls' })).toBe(0);
      expect(worker).toContain('nightline_worker_process_cpu_seconds_total');
    }, 60_000, 250);

    await eventually(async () => {
      const api = await apiMetrics();
      expect(series(api, 'nightline_alerts', { severity: 'critical', status: 'resolved' })).toBe(1);
      expect(series(api, 'nightline_alerts', { severity: 'high', status: 'triggered' })).toBe(1);
      expect(series(api, 'nightline_webhook_duration_seconds_count', { source: 'twilio', status: '200' })).toBeGreaterThanOrEqual(1);
      // API and worker in one process: the server handed each new alert's first task straight to this worker.
      expect(series(api, 'nightline_workflow_starts_total', { eager: 'true' })).toBe(2);
      expect(series(api, 'nightline_workflow_starts_total', { eager: 'false' })).toBeUndefined();
    }, 30_000, 250);
    expect(failing).toMatch(/^[0-9a-f]{24}$/);
  });
});

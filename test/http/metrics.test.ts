import request from 'supertest';
import { createMetrics, instrumentEngine } from '../../src/metrics';
import type { AlertEngine } from '../../src/temporal/alert-engine';
import { buildTestApp, type TestApp } from '../fixtures/app';

describe('Prometheus metrics', () => {
  const metrics = createMetrics();
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ deps: { metrics } });
  });
  afterAll(() => t.close());

  it('metrics need the admin token', async () => {
    await request(t.app).get('/metrics').expect(401);
  });

  it('request durations are labelled by route pattern, never by id', async () => {
    const id = '0123456789abcdef01234567';
    await request(t.app).get(`/api/v1/users/${id}`).set('Authorization', `Bearer ${t.token}`).expect(404);
    const res = await request(t.app).get('/metrics').set('Authorization', `Bearer ${t.token}`).expect(200);
    expect(res.text).toMatch(
      /nightline_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/users\/:id",status="404"\} 1/,
    );
    expect(res.text).not.toContain(id);
    expect(res.text).toContain('nightline_process_cpu_seconds_total');
  });

  it('alert actions are counted by outcome through the engine every surface uses', async () => {
    const m = createMetrics();
    const fake = {
      trigger: async () => ({ alertId: 'a', deduplicated: true, count: 2 }),
      acknowledge: async () => ({ ok: false, status: 'resolved', alreadyEnded: true, message: 'already resolved' }),
      resolve: async () => {
        throw new Error('Temporal unavailable');
      },
    } as unknown as AlertEngine;
    const engine = instrumentEngine(fake, m);
    await engine.trigger({} as never);
    await engine.acknowledge('a', 'alice', 'sms');
    await expect(engine.resolve('a', 'alice', 'sms')).rejects.toThrow('Temporal unavailable');
    const text = await m.registry.metrics();
    expect(text).toContain('nightline_alert_actions_total{action="trigger",outcome="deduplicated"} 1');
    expect(text).toContain('nightline_alert_actions_total{action="acknowledge",outcome="no_change"} 1');
    expect(text).toContain('nightline_alert_actions_total{action="resolve",outcome="error"} 1');
  });
});

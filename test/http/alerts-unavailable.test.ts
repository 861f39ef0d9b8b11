import request from 'supertest';
import { alertModel } from '../../src/db/alert.model';
import { createAlertRepository } from '../../src/db/alert.repository';
import { createAlertEngine } from '../../src/temporal/alert-engine';
import { createTemporalClient } from '../../src/temporal/client';
import { buildTestApp, type TestApp } from '../fixtures/app';
import { warmUpDatabase } from '../fixtures/stack-warmup';
import { aPolicy, aService, aUserInDb, admin, alertBody } from '../fixtures/alerting.builders';

jest.setTimeout(60_000);

/** Nothing listens on port 1: every call to "Temporal" fails to connect. */
const DEAD_TEMPORAL = '127.0.0.1:1';

let t: TestApp;
let api: ReturnType<typeof admin>;
const client = createTemporalClient({ TEMPORAL_ADDRESS: DEAD_TEMPORAL, TEMPORAL_NAMESPACE: 'default', TEMPORAL_TASK_QUEUE: 'nightline' });

beforeAll(async () => {
  t = await buildTestApp();
  await warmUpDatabase(t.conn);
  const engine = createAlertEngine({ client, alerts: createAlertRepository(t.conn), taskQueue: 'nightline', deadlineMs: 1500 });
  t = await buildTestApp({ conn: t.conn, deps: { alertEngine: engine } }).then((withEngine) => ({ ...withEngine, close: t.close }));
  api = admin(t);
});
afterAll(async () => {
  await client.connection.close().catch(() => undefined);
  await t.close();
});

describe('when Temporal is down', () => {
  it('POST /alerts answers 503 unavailable and leaves no alert behind', async () => {
    const policy = await aPolicy(t, [(await aUserInDb(t.conn)).id]);
    const res = await api.post('/alerts', alertBody(policy.id));
    expect(res.status).toBe(503);
    expect(res.body.error).toMatchObject({ code: 'unavailable', message: expect.stringContaining('Temporal') });
    expect(await alertModel(t.conn).countDocuments({})).toBe(0);
  });

  it('acting on an existing alert answers 503 and changes nothing', async () => {
    const policy = await aPolicy(t, [(await aUserInDb(t.conn)).id]);
    const doc = await alertModel(t.conn).create({ title: 'old', severity: 'high', escalationPolicyId: policy.id, workflowId: 'alert:x' });
    for (const action of ['acknowledge', 'resolve', 'escalate']) {
      const res = await api.post(`/alerts/${doc.id}/${action}`, {});
      expect(res.status).toBe(503);
    }
    expect((await api.get(`/alerts/${doc.id}`)).body.status).toBe('triggered');
    await alertModel(t.conn).deleteMany({});
  });

  it('a PagerDuty trigger answers 503 so the sender retries, and creates nothing', async () => {
    const policy = await aPolicy(t, [(await aUserInDb(t.conn)).id]);
    const service = await aService(t, policy.id);
    const res = await request(t.app)
      .post('/v2/enqueue')
      .send({ routing_key: service.routingKey, event_action: 'trigger', payload: { summary: 'x', source: 'y', severity: 'critical' } });
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ status: 'error', message: expect.stringContaining('retry') });
    expect(await alertModel(t.conn).countDocuments({})).toBe(0);
  });
});

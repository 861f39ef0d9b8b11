import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import type { ChildService } from '../../scripts/services/child-service';
import { freePort } from '../../scripts/services/free-port';
import { loadConfig } from '../../src/config';
import { alertModel } from '../../src/db/alert.model';
import { eventually } from '../fixtures/alerting.builders';
import { aPhone } from '../fixtures/builders';
import { startServiceProcess, sigkill } from '../fixtures/service-process';
import { ADMIN_TOKEN, startStack, type Stack } from '../fixtures/stack';
import { requireSetupEnv } from '../setup/env';

jest.setTimeout(300_000);

/** Nothing listens on port 1: the first API process can accept triggers but never start them. */
const DEAD_TEMPORAL = '127.0.0.1:1';

let api: ChildService | undefined;
let t: Stack | undefined;
afterEach(async () => {
  await api?.stop().catch(() => undefined);
  await t?.stop();
});

test('triggers accepted by an API process that dies before starting them are started and paged by the next one', async () => {
  const dbUri = new URL(requireSetupEnv('MONGODB_URI'));
  dbUri.pathname = `/e2e_recovery_${randomBytes(4).toString('hex')}`;
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: String(port),
    PUBLIC_URL: url,
    MONGODB_URI: dbUri.toString(),
    TEMPORAL_ADDRESS: DEAD_TEMPORAL,
    TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
    TWILIO_AUTH_TOKEN: 'recovery-test-token',
    TWILIO_FROM_NUMBER: aPhone(),
    ADMIN_API_TOKEN: ADMIN_TOKEN,
    LOG_LEVEL: 'silent',
  });
  api = await startServiceProcess('api', config);
  const admin = async (path: string, body: object) => {
    const res = await fetch(`${url}/api/v1${path}`, { method: 'POST', headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    if (res.status !== 201) throw new Error(`POST ${path} → ${res.status}`);
    return (await res.json()) as { id: string; routingKey: string };
  };
  const phone = aPhone();
  const person = await admin('/users', { name: 'Recovery On-Call', email: `r-${randomBytes(3).toString('hex')}@example.test`, phone, notificationPrefs: { channels: ['phone_call'] } });
  const policy = await admin('/escalation-policies', { name: 'Recovery', levels: [{ targets: [{ type: 'user', id: person.id }], delayMinutes: 30, repeatCount: 0, retryIntervalMinutes: 0 }] });
  const service = await admin('/services', { name: 'recovery-svc', escalationPolicyId: policy.id });

  const severities = ['critical', 'error', 'warning', 'info'] as const;
  for (const [i, severity] of severities.entries()) {
    const res = await fetch(`${url}/v2/enqueue`, {
      method: 'POST',
      body: JSON.stringify({ routing_key: service.routingKey, event_action: 'trigger', dedup_key: `recovery-${i}`, payload: { summary: `Recovery ${i}`, source: 'test', severity } }),
    });
    expect(res.status).toBe(202);
  }
  const conn = await mongoose.createConnection(dbUri.toString()).asPromise();
  try {
    expect(await alertModel(conn).countDocuments({ serviceId: service.id, startPending: true })).toBe(4);
  } finally {
    await conn.close();
  }
  await sigkill(api);
  api = undefined;

  // The next API process (with a worker and a reachable Temporal) on the same database.
  t = await startStack({ env: { MONGODB_URI: dbUri.toString() } });
  const alerts = await alertModel(t.conn).find({ serviceId: service.id }).lean();
  expect(alerts).toHaveLength(4);
  await eventually(
    async () => {
      for (const a of alerts) {
        const res = await t!.api.get(`/alerts/${String(a._id)}`);
        expect({ title: a.title, paged: res.body.notificationAttempts.length > 0 }).toEqual({ title: a.title, paged: true });
      }
    },
    90_000,
    500,
  );
  expect(t.callsTo(phone).length).toBeGreaterThan(0);
  expect(await alertModel(t.conn).countDocuments({ serviceId: service.id, startPending: true })).toBe(0);
});

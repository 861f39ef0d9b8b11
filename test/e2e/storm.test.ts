import { randomBytes } from 'node:crypto';
import type { ChildService } from '../../scripts/services/child-service';
import { alertModel } from '../../src/db/alert.model';
import { eventually } from '../fixtures/alerting.builders';
import { startServiceProcess, sigkill } from '../fixtures/service-process';
import { startStack, type Stack } from '../fixtures/stack';
import { TEST_STORM, sendStorm, stormDedupKey } from '../fixtures/storm';

jest.setTimeout(400_000);

/**
 * Issue 11's storm against the real service, Temporal dev server, Mongo-wire server and Twilio simulator:
 * 1,000 triggers in about 10 s to /v2/enqueue, 20 incidents sent 50 times each over 10 services.
 */
const SERVICES = 10;

async function stormWorld(t: Stack): Promise<string[]> {
  const keys: string[] = [];
  for (let i = 0; i < SERVICES; i++) {
    const person = await t.aUser(`Storm on-call ${i}`);
    const policy = await t.aPolicy([[{ type: 'user', id: person.id }]], 30);
    const res = await t.api.post('/services', { name: `storm-svc-${i}`, escalationPolicyId: policy.id });
    if (res.status !== 201) throw new Error(`POST /services → ${res.status}`);
    keys.push(res.body.routingKey as string);
  }
  return keys;
}

/** Exactly one alert per incident, each with every repeat counted, started and paging. */
async function expectEveryIncidentPaged(t: Stack, runId: string, timeoutMs: number): Promise<void> {
  const keys = Array.from({ length: TEST_STORM.incidents }, (_, i) => stormDedupKey(runId, i));
  const alerts = await alertModel(t.conn).find({ dedupKey: { $in: keys } }).lean();
  expect(alerts).toHaveLength(TEST_STORM.incidents);
  expect(new Set(alerts.map((a) => a.dedupKey)).size).toBe(TEST_STORM.incidents);
  expect(alerts.map((a) => a.count)).toEqual(alerts.map(() => TEST_STORM.repeats));
  await eventually(
    async () => {
      for (const a of alerts) {
        const res = await t.api.get(`/alerts/${String(a._id)}`);
        expect(res.body.notificationAttempts.length).toBeGreaterThan(0);
      }
    },
    timeoutMs,
    1_000,
  );
  const left = await alertModel(t.conn).countDocuments({ dedupKey: { $in: keys }, startPending: true });
  expect(left).toBe(0);
}

describe('a storm of 1,000 triggers in 10 s (20 incidents × 50, over 10 services)', () => {
  let t: Stack | undefined;
  const workers: ChildService[] = [];
  afterEach(async () => {
    for (const w of workers.splice(0)) await w.stop().catch(() => undefined);
    await t?.stop();
    t = undefined;
  });

  it('when the storm hits, every trigger is answered 2xx and exactly 20 alerts page, each counting 50 triggers', async () => {
    t = await startStack();
    const runId = randomBytes(4).toString('hex');
    const answers = await sendStorm(t.url, await stormWorld(t), runId);
    expect(answers).toHaveLength(1000);
    expect(answers.filter((a) => a.status < 200 || a.status > 299)).toEqual([]);
    await expectEveryIncidentPaged(t, runId, 120_000);
  });

  it('when the worker process is SIGKILLed mid-storm, no trigger is lost: all 20 alerts start and page on a new worker', async () => {
    t = await startStack({ roles: ['api'] });
    workers.push(await startServiceProcess('worker', t.config));
    const keys = await stormWorld(t);
    const runId = randomBytes(4).toString('hex');
    let killed: Promise<void> | undefined;
    const answers = await sendStorm(t.url, keys, runId, TEST_STORM, (sent) => {
      if (sent === 400) killed = sigkill(workers[0]!);
    });
    await killed;
    expect(answers.filter((a) => a.status < 200 || a.status > 299)).toEqual([]);
    workers.push(await startServiceProcess('worker', t.config));
    await expectEveryIncidentPaged(t, runId, 180_000);
  });
});

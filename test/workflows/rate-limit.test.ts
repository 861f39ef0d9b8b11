import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createDevServerEnv } from '../setup/temporal';
import { buildLevel, buildPerson, buildPolicy } from '../fixtures/escalation.fixtures';
import { eventually, startEscalation } from './escalation.harness';

jest.setTimeout(60_000);

/** On the real dev server (real time): the calls queue's server-side rate limit, and ack cancelling queued calls. */
let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await createDevServerEnv();
});
afterAll(async () => {
  await env?.teardown();
});

const phoneOnly = { notificationPrefs: { channels: ['phone_call' as const] } };
const team = ['p1', 'p2', 'p3', 'p4', 'p5'].map((id) => buildPerson(id, phoneOnly));
const everyone = () => buildPolicy([buildLevel(team.map((p) => p.id), { delayMinutes: 10 })]);

test('with a limit of 1 call per second, calls never go out faster than that, across alerts', async () => {
  const h = await startEscalation(env, { people: team, callsPerSecond: 1 });
  try {
    const started = Date.now();
    await Promise.all([h.trigger(everyone()), h.trigger(everyone())]);
    await eventually(() => expect(h.telephony.dials).toHaveLength(10), 30_000);
    const at = h.telephony.dials.map((d) => d.dialledAt).sort((a, b) => a - b);
    // Consecutive calls are at least a second apart (less timer jitter), so no one-second window holds two.
    for (let i = 1; i < at.length; i++) expect(at[i]! - at[i - 1]!).toBeGreaterThanOrEqual(980);
    expect(at.at(-1)! - started).toBeGreaterThanOrEqual(9_000);
  } finally {
    await h.stop();
  }
});

test('an acknowledge cancels the calls still queued behind the rate limit', async () => {
  const h = await startEscalation(env, { people: team, callsPerSecond: 1 });
  try {
    const { alertId } = await h.trigger(everyone());
    await eventually(() => expect(h.telephony.dials.length).toBeGreaterThanOrEqual(1), 10_000);
    expect(await h.engine.acknowledge(alertId, 'p1', 'phone')).toMatchObject({ ok: true });
    const afterAck = h.telephony.dials.length;
    await new Promise((r) => setTimeout(r, 5_000));
    // At most the one call already handed to a worker may still go out.
    expect(h.telephony.dials.length).toBeLessThanOrEqual(afterAck + 1);
    expect(h.telephony.dials.length).toBeLessThan(team.length);
  } finally {
    await h.stop();
  }
});

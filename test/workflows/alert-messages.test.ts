import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createTimeSkippingEnv } from '../setup/temporal';
import { buildLevel, buildPerson, buildPolicy } from '../fixtures/escalation.fixtures';
import { eventually, startEscalation } from './escalation.harness';

jest.setTimeout(60_000);

// One server per test: the time-skipping clock is global to a server, so tests must not share one.
let env: TestWorkflowEnvironment;
beforeEach(async () => {
  env = await createTimeSkippingEnv();
});
afterEach(async () => {
  await env?.teardown();
});

const phoneOnly = { notificationPrefs: { channels: ['phone_call' as const] } };
const people = ['alice', 'bob', 'carol'].map((id) => buildPerson(id, phoneOnly));
const threeLevels = () => buildPolicy([buildLevel(['alice']), buildLevel(['bob']), buildLevel(['carol'])]);

test('a second trigger with the same dedup key pages nobody new and counts the repeat', async () => {
  const h = await startEscalation(env, { people });
  try {
    const first = await h.trigger(threeLevels(), { dedupKey: 'disk-full' });
    const second = await h.trigger(threeLevels(), { dedupKey: 'disk-full' });
    const third = await h.trigger(threeLevels(), { dedupKey: 'disk-full' });
    expect(first).toEqual({ alertId: first.alertId, deduplicated: false, count: 1 });
    expect(second).toEqual({ alertId: first.alertId, deduplicated: true, count: 2 });
    expect(third).toEqual({ alertId: first.alertId, deduplicated: true, count: 3 });
    await h.waitForPages(['call alice @0']);
    expect(h.alerts.docs.size).toBe(1);
    await eventually(() => expect(h.alerts.docs.get(first.alertId)?.count).toBe(3));
    expect(h.timeline(first.alertId).filter((a) => a === 'deduplicated')).toHaveLength(2);
  } finally {
    await h.stop();
  }
});

test('once the alert is resolved, the same dedup key opens a new alert that pages again', async () => {
  const h = await startEscalation(env, { people });
  try {
    const first = await h.trigger(threeLevels(), { dedupKey: 'cpu' });
    await h.waitForPages(['call alice @0']);
    await h.engine.resolve(first.alertId, 'alice', 'api');
    const next = await h.trigger(threeLevels(), { dedupKey: 'cpu' });
    expect(next.deduplicated).toBe(false);
    expect(next.alertId).not.toBe(first.alertId);
    await h.waitForPages(['call alice @0', 'call alice @0']);
    // The old alert's ID still answers, and its answer is about the old alert, not the new one.
    expect(await h.engine.acknowledge(first.alertId, 'bob', 'api')).toMatchObject({ ok: false, alreadyEnded: true, status: 'resolved' });
    expect(await h.engine.state(next.alertId)).toMatchObject({ status: 'triggered', count: 1 });
  } finally {
    await h.stop();
  }
});

test('two people pressing escalate at the same moment move the alert up one level, not two', async () => {
  const h = await startEscalation(env, { people });
  try {
    const { alertId } = await h.trigger(threeLevels());
    await h.waitForPages(['call alice @0']); // alice's page goes out first
    const presses = await Promise.all([
      h.engine.escalate(alertId, 'alice', 0, 'phone'),
      h.engine.escalate(alertId, 'dave', 0, 'api'),
    ]);
    expect(presses.map((p) => p.ok).sort()).toEqual([false, true]);
    expect(presses.find((p) => !p.ok)?.message).toMatch(/already moved on to level 2/);
    await env.sleep('2 minutes');
    expect(h.pages()).toEqual(['call alice @0', 'call bob @0']);
    expect(await h.engine.state(alertId)).toMatchObject({ currentLevel: 1 });
    // The level's clock restarted at the press: carol is paged 5 minutes later.
    await env.sleep('4 minutes');
    expect(h.pages()).toEqual(['call alice @0', 'call bob @0', 'call carol @5']);
  } finally {
    await h.stop();
  }
});

test('an acknowledge on a resolved alert is harmless and says so', async () => {
  const h = await startEscalation(env, { people });
  try {
    const { alertId } = await h.trigger(threeLevels());
    await h.waitForPages(['call alice @0']);
    expect(await h.engine.resolve(alertId, 'alice', 'api', 'false alarm')).toMatchObject({ ok: true, status: 'resolved' });
    // Straight away (workflow maybe still closing) and after it has certainly closed.
    const early = await h.engine.acknowledge(alertId, 'bob', 'sms');
    await eventually(async () => expect((await env.client.workflow.getHandle(`alert:${alertId}`).describe()).status.name).toBe('COMPLETED'));
    const late = await h.engine.acknowledge(alertId, 'bob', 'sms');
    for (const r of [early, late]) expect(r).toMatchObject({ ok: false, status: 'resolved', alreadyEnded: true });
    expect(late.message).toMatch(/already resolved by alice/);
    expect(await h.engine.resolve(alertId, 'bob', 'api')).toMatchObject({ ok: false, alreadyEnded: true });
    expect(await h.engine.escalate(alertId, 'bob', 0)).toMatchObject({ ok: false, alreadyEnded: true });
    expect(await h.engine.state(alertId)).toMatchObject({ status: 'resolved', resolvedBy: 'alice' });
    expect(h.pages()).toEqual(['call alice @0']);
    expect(h.timeline(alertId).filter((a) => a === 'resolved')).toHaveLength(1);
  } finally {
    await h.stop();
  }
});

test('a second acknowledge reports who acknowledged first and changes nothing', async () => {
  const h = await startEscalation(env, { people });
  try {
    const { alertId } = await h.trigger(threeLevels());
    await h.waitForPages(['call alice @0']);
    const [a, b] = await Promise.all([h.engine.acknowledge(alertId, 'alice', 'phone'), h.engine.acknowledge(alertId, 'bob', 'sms')]);
    expect([a.ok, b.ok].sort()).toEqual([false, true]);
    const loser = a.ok ? b : a;
    expect(loser).toMatchObject({ status: 'acknowledged', alreadyEnded: true });
    expect(loser.message).toMatch(/already acknowledged by (alice|bob)/);
  } finally {
    await h.stop();
  }
});

test('escalating from the last level with nothing left exhausts the ladder and tells the owner', async () => {
  const h = await startEscalation(env, { people });
  try {
    const { alertId } = await h.trigger(buildPolicy([buildLevel(['alice'])], { ownerUserId: 'carol' }));
    await h.waitForPages(['call alice @0']);
    expect(await h.engine.escalate(alertId, 'alice', 0)).toMatchObject({ ok: true, message: 'escalation ladder exhausted' });
    await h.waitForPages(['call alice @0', 'sms carol @0']);
    expect(await h.engine.escalate(alertId, 'alice', 0)).toMatchObject({ ok: false, message: 'the escalation ladder is exhausted' });
  } finally {
    await h.stop();
  }
});

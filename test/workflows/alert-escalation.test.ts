import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createTimeSkippingEnv } from '../setup/temporal';
import { buildLevel, buildPerson, buildPolicy } from '../fixtures/escalation.fixtures';
import { startEscalation } from './escalation.harness';

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
const alice = buildPerson('alice', phoneOnly);
const bob = buildPerson('bob', phoneOnly);
const carol = buildPerson('carol', phoneOnly);
const people = [alice, bob, carol];
const threeLevels = () => buildPolicy([buildLevel(['schedule:primary']), buildLevel(['bob']), buildLevel(['carol'])]);

test('a 3-level policy with 5-minute delays pages each level in order, 5 minutes apart', async () => {
  const h = await startEscalation(env, { people, schedules: { primary: 'alice' } });
  try {
    const { alertId, deduplicated } = await h.trigger(threeLevels());
    expect(deduplicated).toBe(false);
    await env.sleep('4 minutes');
    expect(h.pages()).toEqual(['call alice @0']);
    const early = await h.engine.state(alertId);
    expect(early.currentLevel).toBe(0);
    expect(Date.parse(early.nextEscalationAt ?? '') - h.t0).toBeGreaterThanOrEqual(5 * 60_000);
    expect(Date.parse(early.nextEscalationAt ?? '') - h.t0).toBeLessThan(5 * 60_000 + 5_000);
    await env.sleep('12 minutes');
    expect(h.pages()).toEqual(['call alice @0', 'call bob @5', 'call carol @10']);
    expect(await h.engine.state(alertId)).toMatchObject({ status: 'triggered', currentLevel: 2, exhausted: true });
    const actions = h.timeline(alertId);
    expect(actions.filter((a) => a === 'escalated')).toHaveLength(2);
    expect(actions).toEqual(expect.arrayContaining(['triggered', 'level_started', 'targets_resolved', 'call_placed', 'exhausted']));
    expect(h.alerts.docs.get(alertId)).toMatchObject({ currentLevel: 2, exhausted: true, status: 'triggered' });
  } finally {
    await h.stop();
  }
});

test('an acknowledge at level 2 stops all further paging at once', async () => {
  const h = await startEscalation(env, { people, schedules: { primary: 'alice' } });
  try {
    const { alertId } = await h.trigger(threeLevels());
    await env.sleep('6 minutes');
    const ack = await h.engine.acknowledge(alertId, 'bob', 'api');
    expect(ack).toMatchObject({ ok: true, status: 'acknowledged', currentLevel: 1 });
    await env.sleep('1 hour');
    expect(h.pages()).toEqual(['call alice @0', 'call bob @5']);
    expect(await h.engine.state(alertId)).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'bob', nextEscalationAt: null });
    expect(h.alerts.docs.get(alertId)).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'bob' });
    expect(h.timeline(alertId)).not.toContain('exhausted');
  } finally {
    await h.stop();
  }
});

test('retries within a level and repeats of the ladder happen exactly as configured, then the owner is told', async () => {
  const h = await startEscalation(env, { people });
  try {
    // Level 1 pages alice at 0, 2, 4 and escalates at 4 + 5 = 9; level 2 pages bob at 9, escalates at 14.
    // One repeat: alice at 14, 16, 18, bob at 23; exhausted at 28, and carol (the owner) gets an SMS.
    const policy = buildPolicy(
      [buildLevel(['alice'], { repeatCount: 2, retryIntervalMinutes: 2 }), buildLevel(['bob'])],
      { repeat: 1, ownerUserId: 'carol' },
    );
    const { alertId } = await h.trigger(policy);
    await env.sleep('27 minutes');
    const expected = ['call alice @0', 'call alice @2', 'call alice @4', 'call bob @9', 'call alice @14', 'call alice @16', 'call alice @18', 'call bob @23'];
    expect(h.pages()).toEqual(expected);
    expect(await h.engine.state(alertId)).toMatchObject({ round: 1, currentLevel: 1, exhausted: false });
    await env.sleep('2 minutes');
    expect(h.pages()).toEqual([...expected, 'sms carol @28']);
    expect(h.telephony.dials.at(-1)?.body).toMatch(/nobody acknowledged/);
    expect(await h.engine.state(alertId)).toMatchObject({ status: 'triggered', exhausted: true, round: 1 });
    expect(h.timeline(alertId)).toEqual(expect.arrayContaining(['exhausted', 'owner_notified']));
    expect(new Set(h.telephony.dials.map((d) => d.key)).size).toBe(h.telephony.dials.length);
  } finally {
    await h.stop();
  }
});

test('an exhausted alert stays open and can still be acknowledged and resolved', async () => {
  const h = await startEscalation(env, { people });
  try {
    const { alertId } = await h.trigger(buildPolicy([buildLevel(['alice'], { delayMinutes: 1 })], { ownerUserId: 'bob' }));
    await env.sleep('10 minutes');
    expect(h.pages()).toEqual(['call alice @0', 'sms bob @1']);
    expect(h.alerts.docs.get(alertId)).toMatchObject({ status: 'triggered', exhausted: true });
    expect(await h.engine.acknowledge(alertId, 'alice', 'sms')).toMatchObject({ ok: true, status: 'acknowledged' });
    expect(await h.engine.resolve(alertId, 'alice', 'api', 'disk cleaned')).toMatchObject({ ok: true, status: 'resolved' });
    await env.sleep('1 minute');
    expect(h.alerts.docs.get(alertId)).toMatchObject({ status: 'resolved', resolvedBy: 'alice', resolutionNote: 'disk cleaned' });
  } finally {
    await h.stop();
  }
});

test('a schedule with nobody on call is written on the timeline and the level moves on at once', async () => {
  const h = await startEscalation(env, { people, schedules: { primary: null } });
  try {
    const { alertId } = await h.trigger(threeLevels());
    await env.sleep('1 minute');
    expect(h.pages()).toEqual(['call bob @0']);
    const gap = h.alerts.docs.get(alertId)?.timeline.find((t) => t.action === 'nobody_to_page');
    expect(gap?.details).toMatch(/schedule primary: nobody on call/);
  } finally {
    await h.stop();
  }
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createTimeSkippingEnv } from '../setup/temporal';
import { buildLevel, buildPerson, buildPolicy } from '../fixtures/escalation.fixtures';
import { EARLY_WAKE_MS } from '../../src/domain/escalation-plan';
import { protoMs } from '../../bench/bench-kit';
import { startEscalation, workflowBundle } from './escalation.harness';

jest.setTimeout(60_000);

/**
 * Recorded from the alert workflow as it was before level timers woke early (round 7): alice paged, the 5-minute
 * level timer, bob paged at level 2, then acknowledged and resolved. Replaying it proves alerts still open when
 * the new code is deployed carry on without a nondeterminism error.
 */
const ROUND7 = join(__dirname, '../fixtures/histories/level-wait-round7.bin');

test('an alert whose level timer was set before the early wake replays without a nondeterminism error', async () => {
  const history = temporal.api.history.v1.History.decode(readFileSync(ROUND7));
  await expect(Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, 'round7')).resolves.toBeUndefined();
});

/**
 * Recorded from round 13's code: an alert of a service (its trigger, acknowledgement and resolve events each planned by a
 * local activity of their own, three projection batches), paged by call and SMS, acknowledged, then resolved.
 * Replaying it proves alerts open before the events rode in the projector's batches carry on.
 */
const ROUND13 = join(__dirname, '../fixtures/histories/service-alert-round13.bin');

/** The activity type of each local-activity marker in a history, in order. */
function localActivityTypes(history: temporal.api.history.v1.IHistory): (string | undefined)[] {
  return (history.events ?? []).flatMap((e) => {
    const data = e.markerRecordedEventAttributes?.details?.data?.payloads?.[0]?.data;
    return data ? [/"activity_type":"(\w+)"/.exec(Buffer.from(data).toString())?.[1]] : [];
  });
}

test('a service alert recorded before its events were planned in the projection batches replays without a nondeterminism error', async () => {
  const history = temporal.api.history.v1.History.decode(readFileSync(ROUND13));
  expect(localActivityTypes(history).filter((m) => m === 'planAlertEvent')).toHaveLength(3); // triggered, acknowledged, resolved: the old shape
  await expect(Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, 'round13-service')).resolves.toBeUndefined();
});

/** The same alert recorded from round 14's code (events planned in the batches, settled batches): kept for later rounds. */
const ROUND14 = join(__dirname, '../fixtures/histories/service-alert-round14.bin');

test('a service alert recorded with its events planned in the projection batches replays without a nondeterminism error', async () => {
  const history = temporal.api.history.v1.History.decode(readFileSync(ROUND14));
  const markers = localActivityTypes(history);
  expect(markers.length).toBeGreaterThan(0);
  expect(markers.every((m) => m === 'project')).toBe(true);
  await expect(Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, 'round14-service')).resolves.toBeUndefined();
});

describe('on the time-skipping server', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createTimeSkippingEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  test('a level wait wakes early, sets the rest as its own timer, escalates on time, and replays', async () => {
    const phoneOnly = { notificationPrefs: { channels: ['phone_call' as const] } };
    const h = await startEscalation(env, { people: [buildPerson('alice', phoneOnly), buildPerson('bob', phoneOnly)] });
    try {
      const { alertId } = await h.trigger(buildPolicy([buildLevel(['alice']), buildLevel(['bob'])]));
      await env.sleep('6 minutes');
      await h.waitForPages(['call alice @0', 'call bob @5']);
      const level1 = h.alerts.docs.get(alertId)!.timeline.filter((t) => t.action === 'level_started').map((t) => new Date(t.timestamp).getTime());
      expect(level1).toHaveLength(2);
      // Level 2 starts once the full 5 minutes are over, not at the early wake.
      expect(level1[1]! - level1[0]!).toBeGreaterThanOrEqual(5 * 60_000);
      expect(level1[1]! - level1[0]!).toBeLessThan(5 * 60_000 + 2_000);

      await h.engine.acknowledge(alertId, 'bob', 'api');
      const handle = env.client.workflow.getHandle(h.alerts.docs.get(alertId)!.workflowId);
      const history = await handle.fetchHistory();
      const timers = (history.events ?? []).flatMap((e) => {
        const t = e.timerStartedEventAttributes?.startToFireTimeout;
        return t ? [protoMs(t)] : [];
      });
      // Level 1's wait: 5 min less the early wake, then the rest (about EARLY_WAKE_MS); then level 2's first part.
      const near = (ms: number) => (t: number) => t > ms - 1_000 && t <= ms;
      expect(timers.length).toBeGreaterThanOrEqual(3);
      expect(near(5 * 60_000 - EARLY_WAKE_MS)(timers[0]!)).toBe(true);
      expect(near(EARLY_WAKE_MS)(timers[1]!)).toBe(true);
      expect(near(5 * 60_000 - EARLY_WAKE_MS)(timers[2]!)).toBe(true);
      await expect(Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, 'early-wake')).resolves.toBeUndefined();
    } finally {
      await h.stop();
    }
  });
});

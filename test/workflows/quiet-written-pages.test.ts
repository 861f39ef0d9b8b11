import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createTimeSkippingEnv } from '../setup/temporal';
import { buildLevel, buildPerson, buildPolicy } from '../fixtures/escalation.fixtures';
import { eventually, startEscalation } from './escalation.harness';

jest.setTimeout(90_000);

// One server per test: the time-skipping clock is global to a server, so tests must not share one.
let env: TestWorkflowEnvironment;
beforeEach(async () => {
  env = await createTimeSkippingEnv();
});
afterEach(async () => {
  await env?.teardown();
});

/** Quiet hours from the start of this hour (UTC, on the server's clock) to two hours later; `end` is that instant. */
async function quietNow() {
  const now = new Date(await env.currentTimeMs());
  const hh = (h: number) => String((now.getUTCHours() + h + 24) % 24).padStart(2, '0') + ':00';
  const end = Math.floor(now.getTime() / 3_600_000) * 3_600_000 + 2 * 3_600_000;
  return { quietHours: { start: hh(0), end: hh(2) }, untilEnd: () => end - now.getTime() };
}

async function sleeperWithEmailAndSlack() {
  const q = await quietNow();
  return { q, alice: buildPerson('alice', { notificationPrefs: { channels: ['phone_call', 'email', 'slack'], quietHours: q.quietHours } }) };
}

/** This worker has no email or Slack provider: a page tried on them is recorded as "no provider configured". */
const writtenTries = (timeline: Array<{ action: string; details?: string }>) =>
  timeline.flatMap((e) => (/^(email|slack) to Alice: no provider configured$/.test(e.details ?? '') ? [e.details!.split(' ')[0]] : []));

test('a high alert in quiet hours texts at once; its email and Slack page wait and go out when the quiet hours end', async () => {
  const { q, alice } = await sleeperWithEmailAndSlack();
  const h = await startEscalation(env, { people: [alice] });
  try {
    const { alertId } = await h.trigger(buildPolicy([buildLevel(['alice'])]), { severity: 'high' });
    await h.waitForPages(['sms alice @0']);
    const entries = () => h.alerts.docs.get(alertId)?.timeline ?? [];
    await eventually(() => expect(entries().filter((e) => e.action === 'notification_waiting').map((e) => e.details?.split(' ')[0])).toEqual(['email', 'slack']));
    expect(writtenTries(entries())).toEqual([]);
    expect(h.timeline(alertId)).not.toContain('notification_skipped');

    await env.sleep(q.untilEnd() - 10 * 60_000);
    expect(writtenTries(entries())).toEqual([]); // still quiet
    await env.sleep('20 minutes');
    await eventually(() => expect(writtenTries(entries()).sort()).toEqual(['email', 'slack']));
    expect(h.pages()).toEqual(['sms alice @0']); // no second text
  } finally {
    await h.stop();
  }
});

test('when the alert is acknowledged during the quiet hours, the waiting email and Slack page never go out', async () => {
  const { alice } = await sleeperWithEmailAndSlack();
  const h = await startEscalation(env, { people: [alice] });
  try {
    const { alertId } = await h.trigger(buildPolicy([buildLevel(['alice'])]), { severity: 'high' });
    await h.waitForPages(['sms alice @0']);
    const entries = () => h.alerts.docs.get(alertId)?.timeline ?? [];
    await eventually(() => expect(h.timeline(alertId)).toContain('notification_waiting'));
    await env.sleep('30 minutes');
    expect(await h.engine.acknowledge(alertId, 'Alice', 'sms')).toMatchObject({ ok: true });
    await env.sleep('3 hours');
    expect(h.timeline(alertId)).toContain('acknowledged');
    expect(writtenTries(entries())).toEqual([]);
  } finally {
    await h.stop();
  }
});

test('on a medium alert, a person in quiet hours on a level where someone else is paged now gets one text when the quiet hours end', async () => {
  const q = await quietNow();
  const alice = buildPerson('alice', { notificationPrefs: { channels: ['sms'], quietHours: q.quietHours } });
  const bob = buildPerson('bob', { notificationPrefs: { channels: ['sms'] } });
  const h = await startEscalation(env, { people: [alice, bob] });
  try {
    // Three attempts on the level, five minutes apart: Alice's text still waits only once.
    const { alertId } = await h.trigger(buildPolicy([buildLevel(['alice', 'bob'], { repeatCount: 2, retryIntervalMinutes: 5, delayMinutes: 15 })]), { severity: 'medium' });
    await h.waitForPages(['sms bob @0']);
    await eventually(() => expect(h.timeline(alertId)).toContain('notification_waiting'));
    await env.sleep(q.untilEnd() - 10 * 60_000);
    expect(h.pages().filter((p) => p.startsWith('sms alice'))).toEqual([]);
    await env.sleep('20 minutes');
    await eventually(() => expect(h.pages().filter((p) => p.startsWith('sms alice'))).toHaveLength(1));
  } finally {
    await h.stop();
  }
});

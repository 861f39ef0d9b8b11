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

/** Quiet hours from now (UTC, on the server's clock) to two hours on. */
async function sleeperWithEmailAndSlack() {
  const now = new Date(await env.currentTimeMs());
  const hh = (h: number) => String((now.getUTCHours() + h + 24) % 24).padStart(2, '0') + ':00';
  return buildPerson('alice', { notificationPrefs: { channels: ['phone_call', 'email', 'slack'], quietHours: { start: hh(0), end: hh(2) } } });
}

/** This worker has no email or Slack provider: a page tried on them is recorded as "no provider configured". */
const writtenTries = (timeline: Array<{ action: string; details?: string }>) =>
  timeline.flatMap((e) => (/^(email|slack) to Alice: no provider configured$/.test(e.details ?? '') ? [e.details!.split(' ')[0]] : []));

test('a high alert in quiet hours texts at once; its email and Slack page wait and go out when the quiet hours end', async () => {
  const h = await startEscalation(env, { people: [await sleeperWithEmailAndSlack()] });
  try {
    const { alertId } = await h.trigger(buildPolicy([buildLevel(['alice'])]), { severity: 'high' });
    await h.waitForPages(['sms alice @0']);
    const entries = () => h.alerts.docs.get(alertId)?.timeline ?? [];
    await eventually(() => expect(entries().filter((e) => e.action === 'notification_waiting').map((e) => e.details?.split(' ')[0])).toEqual(['email', 'slack']));
    expect(writtenTries(entries())).toEqual([]);
    expect(h.timeline(alertId)).not.toContain('notification_skipped');

    await env.sleep('90 minutes');
    expect(writtenTries(entries())).toEqual([]); // still quiet
    await env.sleep('40 minutes');
    await eventually(() => expect(writtenTries(entries()).sort()).toEqual(['email', 'slack']));
    expect(h.pages()).toEqual(['sms alice @0']); // no second text
  } finally {
    await h.stop();
  }
});

test('when the alert is acknowledged during the quiet hours, the waiting email and Slack page never go out', async () => {
  const h = await startEscalation(env, { people: [await sleeperWithEmailAndSlack()] });
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

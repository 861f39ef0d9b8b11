import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { startTwilioSimulator, type TwilioSimulator } from '../../src/telephony/simulator';
import { TwilioProvider } from '../../src/telephony/twilio-provider';
import { TWILIO_REQUEST_TIMEOUT_MS } from '../../src/domain/delivery-timing';
import { NOTIFY_TIMEOUT } from '../../workflows/activities';
import { createDevServerEnv } from '../setup/temporal';
import { buildLevel, buildPerson, buildPolicy } from '../fixtures/escalation.fixtures';
import { eventually, startEscalation } from './escalation.harness';

jest.setTimeout(120_000);

/**
 * Twilio answers slowly, later than the old 10 s activity timeout but within the client's own 15 s: the page
 * must be waited for, not abandoned and then reported "placed" by a retry that never saw it go out.
 */
const ACCOUNT_SID = `AC${'5107'.repeat(8)}`;
const AUTH_TOKEN = 'slow-twilio-token';
const SLOW_ANSWER_MS = 12_000;

let env: TestWorkflowEnvironment;
let sim: TwilioSimulator;
beforeAll(async () => {
  env = await createDevServerEnv();
  sim = await startTwilioSimulator({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
});
afterAll(async () => {
  await sim?.stop();
  await env?.teardown();
});

test('the activity outlasts the Twilio client, so a slow answer is never abandoned', () => {
  expect(Number(NOTIFY_TIMEOUT)).toBeGreaterThan(TWILIO_REQUEST_TIMEOUT_MS);
  expect(SLOW_ANSWER_MS).toBeLessThan(TWILIO_REQUEST_TIMEOUT_MS);
});

test('when Twilio takes 12 s to accept a call, the call is placed once and the timeline says placed with its SID', async () => {
  const alice = buildPerson('alice', { notificationPrefs: { channels: ['phone_call'] } });
  const provider = new TwilioProvider({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, fromNumber: '+15550000000', apiBaseUrl: sim.baseUrl });
  const h = await startEscalation(env, { people: [alice], provider });
  try {
    sim.slowRequestsFor(60_000, SLOW_ANSWER_MS);
    const { alertId } = await h.trigger(buildPolicy([buildLevel(['alice'], { delayMinutes: 30 })]));
    const calls = () => sim.records.calls.filter((c) => c.to === alice.phone);
    await eventually(() => {
      const entry = h.alerts.docs.get(alertId)?.timeline.find((t) => t.action === 'call_placed');
      expect(entry?.details).toBe('phone_call to Alice: placed');
    }, 60_000);
    expect(calls()).toHaveLength(1);
    const [attempt] = await h.attempts.listForAlert(alertId);
    expect(attempt).toMatchObject({ status: 'initiated', providerId: calls()[0]!.sid });
    await new Promise((r) => setTimeout(r, 3_000));
    expect(calls()).toHaveLength(1);
  } finally {
    await h.stop();
  }
});

import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { startTwilioSimulator, type TwilioSimulator } from '../../src/telephony/simulator';
import { TwilioProvider } from '../../src/telephony/twilio-provider';
import { createDevServerEnv } from '../setup/temporal';
import { buildLevel, buildPerson, buildPolicy } from '../fixtures/escalation.fixtures';
import { eventually, startEscalation } from './escalation.harness';

jest.setTimeout(120_000);

/**
 * Acknowledged means quiet, on the real dev server with the real Twilio client and the simulator (in real
 * time, so phones ring for a minute): an ack ends the other people's calls that are still ringing.
 */
const ACCOUNT_SID = `AC${'ac4a'.repeat(8)}`;
const AUTH_TOKEN = 'ack-hangs-up-token';

let env: TestWorkflowEnvironment;
let sim: TwilioSimulator;
beforeAll(async () => {
  env = await createDevServerEnv();
  sim = await startTwilioSimulator({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, timing: { msPerSimSecond: 1000 } });
});
afterAll(async () => {
  await sim?.stop();
  await env?.teardown();
});

const phoneOnly = { notificationPrefs: { channels: ['phone_call' as const] } };

test('when one person acknowledges, the calls still ringing for the others are cancelled through Twilio', async () => {
  const [alice, bob, carol] = ['alice', 'bob', 'carol'].map((id) => buildPerson(id, phoneOnly));
  const provider = new TwilioProvider({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, fromNumber: '+15550000000', apiBaseUrl: sim.baseUrl });
  const h = await startEscalation(env, { people: [alice!, bob!, carol!], provider });
  try {
    const { alertId } = await h.trigger(buildPolicy([buildLevel(['alice', 'bob', 'carol'], { delayMinutes: 30 })]));
    const callTo = (phone: string) => sim.records.calls.find((c) => c.to === phone);
    await eventually(async () => {
      for (const p of [alice!, bob!, carol!]) expect(callTo(p.phone)?.status).toBe('ringing');
      const attempts = await h.attempts.listForAlert(alertId);
      expect(attempts.filter((a) => a.providerId)).toHaveLength(3);
    }, 30_000);

    expect(await h.engine.acknowledge(alertId, 'Alice', 'phone')).toMatchObject({ ok: true });

    await eventually(() => {
      for (const p of [bob!, carol!]) {
        const call = callTo(p.phone)!;
        expect(call.status).toBe('canceled');
        expect(call.events).toContainEqual(expect.objectContaining({ type: 'hangup', by: 'api' }));
      }
    }, 30_000);
    expect(callTo(alice!.phone)?.status).toBe('ringing'); // the acknowledger's own call is left alone
    await eventually(() => expect(h.timeline(alertId)).toContain('calls_cancelled'), 15_000);
  } finally {
    await h.stop();
  }
});

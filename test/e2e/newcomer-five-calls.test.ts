import { createNightlineClient, ok } from '../../src/client';
import { aPhone } from '../fixtures/builders';
import { ADMIN_TOKEN, startStack, type Stack } from '../fixtures/stack';

jest.setTimeout(90_000);

let s: Stack;
beforeAll(async () => {
  s = await startStack();
});
afterAll(async () => {
  await s?.stop();
});

describe("the README's five calls, through the generated client against the running service", () => {
  it('when a newcomer creates a user, a schedule, a policy and a service, then posts one event, the on-call phone rings', async () => {
    const api = createNightlineClient(s.url, ADMIN_TOKEN);
    const phone = aPhone();
    const user = await ok(
      api.POST('/api/v1/users', {
        body: {
          name: 'Ada',
          email: `ada-${phone.slice(-7)}@example.com`,
          phone,
          notificationPrefs: { channels: ['phone_call', 'sms'] },
        },
      }),
    );
    const schedule = await ok(
      api.POST('/api/v1/schedules', {
        body: {
          name: 'Primary',
          timezone: 'Europe/London',
          rotationType: 'weekly',
          handoffTime: '09:00',
          startDate: '2026-01-05',
          members: [{ userId: user.id }],
        },
      }),
    );
    const policy = await ok(
      api.POST('/api/v1/escalation-policies', {
        body: {
          name: 'Primary',
          levels: [{ delayMinutes: 5, targets: [{ type: 'schedule', id: schedule.id }] }],
        },
      }),
    );
    const service = await ok(
      api.POST('/api/v1/services', { body: { name: 'Checkout', escalationPolicyId: policy.id } }),
    );
    // Ingestion takes no bearer token: the routing key is the credential.
    const events = createNightlineClient(s.url);
    const accepted = await ok(
      events.POST('/v2/enqueue', {
        body: {
          routing_key: service.routingKey,
          event_action: 'trigger',
          payload: { summary: 'Checkout 5xx above 5%', source: 'prometheus', severity: 'critical' },
        },
      }),
    );
    expect(accepted).toMatchObject({ status: 'success', dedup_key: expect.any(String) });
    const call = await s.waitForCallTo(phone, 30_000);
    expect(call.to).toBe(phone);
  });
});

import { verifyWebhookSignature } from '../../src/channels/signatures';
import { eventually } from '../fixtures/alerting.builders';
import { startStack, type Stack } from '../fixtures/stack';
import { startWebhookReceiver } from '../fixtures/webhook-receiver';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  await stack?.stop();
});

async function aServiceWithWebhook(url: string, events?: string[]) {
  const alice = await stack.aUser('Alice');
  const policy = await stack.aPolicy([[{ type: 'user', id: alice.id }]]);
  const service = await stack.api.post('/services', { name: `Checkout ${Date.now()}`, escalationPolicyId: policy.id });
  expect(service.status).toBe(201);
  const hook = await stack.api.post(`/services/${service.body.id}/webhooks`, { url, ...(events ? { events } : {}) });
  expect(hook.status).toBe(201);
  return { policyId: policy.id, serviceId: service.body.id as string, hook: hook.body as { id: string; secret: string } };
}

describe('outgoing webhooks', () => {
  test('a receiver that fails three times still gets the event on the fourth try, with a valid signature', async () => {
    const receiver = await startWebhookReceiver({ failFirst: 3 });
    try {
      const { policyId, serviceId, hook } = await aServiceWithWebhook(receiver.url, ['triggered']);
      const alertId = await stack.trigger(policyId, { serviceId, title: 'Payments failing' });

      await eventually(() => expect(receiver.received.map((r) => r.status)).toEqual([500, 500, 500, 200]), 60_000, 200);
      const last = receiver.received[3]!;
      expect(verifyWebhookSignature(hook.secret, String(last.headers['x-nightline-signature']), last.body)).toBe(true);
      expect(verifyWebhookSignature('another-secret-entirely', String(last.headers['x-nightline-signature']), last.body)).toBe(false);
      const event = JSON.parse(last.body);
      expect(event).toMatchObject({ event: 'triggered', id: `${alertId}:triggered`, alert: { id: alertId, title: 'Payments failing', status: 'triggered', serviceId } });
      // Every try carried the same delivery id, so a receiver can drop duplicates.
      expect(new Set(receiver.received.map((r) => r.headers['x-nightline-delivery']))).toEqual(new Set([`${alertId}:triggered`]));

      const log = await eventually(async () => {
        const res = await stack.api.get(`/services/${serviceId}/webhook-deliveries?alertId=${alertId}`);
        expect(res.body.total).toBe(4);
        return res.body;
      }, 15_000, 200);
      type Row = { attempt: number; outcome: string; httpStatus: number };
      const rows = (log.data as Row[]).map((d) => [d.attempt, d.outcome, d.httpStatus]).sort((a, b) => Number(a[0]) - Number(b[0]));
      expect(rows).toEqual([
        [1, 'failed', 500],
        [2, 'failed', 500],
        [3, 'failed', 500],
        [4, 'delivered', 200],
      ]);
    } finally {
      await receiver.stop();
    }
  });

  test('acknowledge and resolve are posted too, each once', async () => {
    const receiver = await startWebhookReceiver();
    try {
      const { policyId, serviceId } = await aServiceWithWebhook(receiver.url);
      const alertId = await stack.trigger(policyId, { serviceId, title: 'Search slow' });
      await eventually(() => expect(receiver.received.length).toBeGreaterThanOrEqual(1), 20_000, 100);
      expect((await stack.api.post(`/alerts/${alertId}/acknowledge`, { by: 'Alice' })).status).toBe(200);
      expect((await stack.api.post(`/alerts/${alertId}/resolve`, { by: 'Alice' })).status).toBe(200);
      await eventually(() => expect(receiver.received.map((r) => JSON.parse(r.body).event).sort()).toEqual(['acknowledged', 'resolved', 'triggered']), 20_000, 100);
      const ack = receiver.received.map((r) => JSON.parse(r.body)).find((e) => e.event === 'acknowledged');
      expect(ack).toMatchObject({ actor: 'Alice', alert: { status: 'acknowledged' } });
    } finally {
      await receiver.stop();
    }
  });

  test('an alert of a service with no webhook and no Slack starts no event workflow, and one with a webhook still gets its event', async () => {
    const alice = await stack.aUser('Alice');
    const policy = await stack.aPolicy([[{ type: 'user', id: alice.id }]]);
    const quiet = await stack.api.post('/services', { name: `Quiet ${Date.now()}`, escalationPolicyId: policy.id });
    const quietAlert = await stack.trigger(policy.id, { serviceId: quiet.body.id, title: 'Nobody listens' });
    const receiver = await startWebhookReceiver();
    try {
      const { policyId, serviceId } = await aServiceWithWebhook(receiver.url, ['triggered']);
      const heard = await stack.trigger(policyId, { serviceId, title: 'Someone listens' });
      await eventually(() => expect(receiver.received.map((r) => JSON.parse(r.body).alert.id)).toEqual([heard]), 20_000, 100);
      // The quiet alert was triggered first; its triggered event was planned and dropped, never handed to a workflow.
      const timeline = await eventually(async () => {
        const res = await stack.api.get(`/alerts/${quietAlert}`);
        expect(res.body.timeline.map((e: { action: string }) => e.action)).toContain('targets_resolved');
        return res.body.timeline;
      }, 20_000, 100);
      expect(timeline.length).toBeGreaterThan(0);
      await expect(stack.nightline.temporal.workflow.getHandle(`alert-event:${quietAlert}:triggered`).describe()).rejects.toThrow(/not found/i);
      await expect(stack.nightline.temporal.workflow.getHandle(`alert-event:${heard}:triggered`).describe()).resolves.toBeTruthy();
    } finally {
      await receiver.stop();
    }
  });

  test('webhook input is checked at the edge: a bad URL is a 400 naming the field, an unknown service a 404', async () => {
    const { serviceId } = await aServiceWithWebhook('http://127.0.0.1:9/unused');
    const bad = await stack.api.post(`/services/${serviceId}/webhooks`, { url: 'ftp://example.com/x', events: ['paged'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['events.0', 'url']);
    const unknown = await stack.api.post('/services/0123456789abcdef01234567/webhooks', { url: 'https://example.com/x' });
    expect(unknown.status).toBe(404);
    const listed = await stack.api.get(`/services/${serviceId}/webhooks`);
    expect(listed.body.data).toHaveLength(1);
    expect(listed.body.data[0].secret).toBeUndefined();
  });
});

import { buildTestApp, type TestApp } from '../fixtures/app';
import { warmUpDatabase } from '../fixtures/stack-warmup';
import { aPolicy, aUserInDb, admin } from '../fixtures/alerting.builders';

let t: TestApp;
let api: ReturnType<typeof admin>;
let policyId: string;
beforeAll(async () => {
  t = await buildTestApp();
  await warmUpDatabase(t.conn);
  api = admin(t);
  policyId = (await aPolicy(t, [(await aUserInDb(t.conn)).id])).id;
});
afterAll(async () => {
  await t.close();
});

describe('services API', () => {
  it('creates a service with a generated 32-character routing key, different for every service', async () => {
    const a = await api.post('/services', { name: 'Checkout', escalationPolicyId: policyId });
    const b = await api.post('/services', { name: 'Search', escalationPolicyId: policyId });
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({ name: 'Checkout', escalationPolicyId: policyId });
    expect(a.body.id).toMatch(/^[0-9a-f]{24}$/);
    expect(a.body.routingKey).toMatch(/^[0-9a-f]{32}$/);
    expect(b.body.routingKey).not.toBe(a.body.routingKey);
    expect((await api.get(`/services/${a.body.id}`)).body).toEqual(a.body);
  });

  it('rejects an unknown escalation policy and a missing name, naming the fields', async () => {
    const unknown = await api.post('/services', { name: 'X', escalationPolicyId: '0123456789abcdef01234567' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details).toEqual([{ field: 'escalationPolicyId', message: expect.stringContaining('unknown escalation policy') }]);
    const nameless = await api.post('/services', { escalationPolicyId: policyId });
    expect(nameless.status).toBe(400);
    expect(nameless.body.error.details.map((d: { field: string }) => d.field)).toEqual(['name']);
    const routingKeyGiven = await api.post('/services', { name: 'X', escalationPolicyId: policyId, routingKey: 'a'.repeat(32) });
    expect(routingKeyGiven.status).toBe(400);
  });

  it('lists services a page at a time, filtered by policy', async () => {
    const other = await aPolicy(t, [(await aUserInDb(t.conn)).id]);
    await api.post('/services', { name: 'Only one', escalationPolicyId: other.id });
    const filtered = await api.get(`/services?escalationPolicyId=${other.id}`);
    expect(filtered.body).toMatchObject({ total: 1, data: [{ name: 'Only one' }] });
    const page = await api.get('/services?limit=1&offset=1');
    expect(page.body.data).toHaveLength(1);
    expect(page.body.total).toBeGreaterThanOrEqual(3);
  });

  it('PATCH renames or re-points a service; an unknown policy is refused', async () => {
    const other = await aPolicy(t, [(await aUserInDb(t.conn)).id]);
    const s = (await api.post('/services', { name: 'Old', escalationPolicyId: policyId })).body;
    const res = await api.patch(`/services/${s.id}`, { name: 'New', escalationPolicyId: other.id });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'New', escalationPolicyId: other.id, routingKey: s.routingKey });
    expect((await api.patch(`/services/${s.id}`, { escalationPolicyId: '0123456789abcdef01234567' })).status).toBe(400);
    expect((await api.patch(`/services/${s.id}`, {})).status).toBe(400);
  });

  it('rotating the routing key issues a new one', async () => {
    const s = (await api.post('/services', { name: 'Rotate me', escalationPolicyId: policyId })).body;
    const res = await api.post(`/services/${s.id}/rotate-routing-key`);
    expect(res.status).toBe(200);
    expect(res.body.routingKey).toMatch(/^[0-9a-f]{32}$/);
    expect(res.body.routingKey).not.toBe(s.routingKey);
  });

  it('deletes a service; unknown and malformed ids are 404', async () => {
    const s = (await api.post('/services', { name: 'Gone', escalationPolicyId: policyId })).body;
    expect((await api.del(`/services/${s.id}`)).status).toBe(204);
    for (const id of [s.id, 'nope']) {
      expect((await api.get(`/services/${id}`)).status).toBe(404);
      expect((await api.del(`/services/${id}`)).status).toBe(404);
      expect((await api.post(`/services/${id}/rotate-routing-key`)).status).toBe(404);
    }
  });
});

import request from 'supertest';
import { buildTestApp, type TestApp } from '../../fixtures/app';
import { level, policyBody } from '../../fixtures/alerting.builders';
import { aPhone, scheduleBody, userBody } from '../../fixtures/builders';
import { aPerson, aTeam, givePassword } from '../../fixtures/identity';

/** One test per kind of write: its audit entry names who, how, what, and the before and after values. */

let t: TestApp;
const H = () => ({ Authorization: `Bearer ${t.token}` });
const call = (method: 'post' | 'patch' | 'put' | 'delete', path: string, body?: object) =>
  request(t.app)[method](`/api/v1${path}`).set(H()).send(body);

async function lastEntry(resource: string, resourceId?: string) {
  const q = new URLSearchParams({ resource, ...(resourceId ? { resourceId } : {}), limit: '1' });
  const res = await request(t.app).get(`/api/v1/audit?${q}`).set(H()).expect(200);
  return res.body.items[0];
}

beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const person = async () => (await call('post', '/users', userBody())).body as { id: string; name: string };
const schedule = async (name = 'Primary') => (await call('post', '/schedules', scheduleBody([(await person()).id], { name }))).body as { id: string };

describe('audit log', () => {
  it('creating a schedule is audited with no before and the stored schedule after, by the admin token', async () => {
    const s = await schedule('Created');
    expect(await lastEntry('schedule', s.id)).toMatchObject({
      actor: { userId: null, name: 'admin-token' }, via: 'admin-token', action: 'POST /api/v1/schedules',
      before: null, after: { name: 'Created', feedTokenHash: '[redacted]' }, status: 201, requestId: expect.any(String),
    });
  });

  it('renaming a schedule shows the old name before and the new one after', async () => {
    const s = await schedule('Old name');
    await call('patch', `/schedules/${s.id}`, { name: 'New name' }).expect(200);
    expect(await lastEntry('schedule', s.id)).toMatchObject({ before: { name: 'Old name' }, after: { name: 'New name' } });
  });

  it('deleting a schedule keeps what it was before, and nothing after', async () => {
    const s = await schedule('Doomed');
    await call('delete', `/schedules/${s.id}`).expect(204);
    expect(await lastEntry('schedule', s.id)).toMatchObject({ action: 'DELETE /api/v1/schedules/:id', before: { name: 'Doomed' }, after: null });
  });

  it('changing an escalation policy shows both versions', async () => {
    const p = (await call('post', '/escalation-policies', policyBody([level([{ type: 'user', id: (await person()).id }])], { name: 'Before' }))).body;
    await call('patch', `/escalation-policies/${p.id}`, { name: 'After' }).expect(200);
    expect(await lastEntry('escalation-policy', p.id)).toMatchObject({ before: { name: 'Before' }, after: { name: 'After' } });
  });

  it('rotating a service routing key is audited without revealing either key', async () => {
    const p = (await call('post', '/escalation-policies', policyBody([level([{ type: 'user', id: (await person()).id }])]))).body;
    const svc = (await call('post', '/services', { name: 'Billing', escalationPolicyId: p.id })).body;
    await call('post', `/services/${svc.id}/rotate-routing-key`).expect(200);
    const e = await lastEntry('service', svc.id);
    expect(e).toMatchObject({ before: { name: 'Billing', routingKey: '[redacted]' }, after: { routingKey: '[redacted]' } });
    expect(JSON.stringify(e)).not.toContain(svc.routingKey);
  });

  it('editing a person shows the old and new phone number', async () => {
    const u = await person();
    const phone = aPhone();
    await call('patch', `/users/${u.id}`, { phone }).expect(200);
    const e = await lastEntry('user', u.id);
    expect(e.after.phone).toBe(phone);
    expect(e.before.phone).not.toBe(phone);
  });

  it('an override and a time-off entry are audited with what was added', async () => {
    const u = await person();
    const s = (await call('post', '/schedules', scheduleBody([u.id]))).body;
    const window = { userId: u.id, startsAt: '2026-07-01T00:00:00Z', endsAt: '2026-07-02T00:00:00Z' };
    const o = (await call('post', `/schedules/${s.id}/overrides`, window).expect(201)).body;
    expect(await lastEntry('override', o.id)).toMatchObject({ before: null, after: { userId: u.id } });
    const off = (await call('post', `/schedules/${s.id}/time-off`, window).expect(201)).body;
    expect(await lastEntry('time-off', off.id)).toMatchObject({ before: null, after: { userId: u.id } });
  });

  it('a phone line change shows both versions', async () => {
    const s = await schedule();
    const line = (await call('post', '/phone-lines', { number: aPhone(), name: 'Desk', scheduleId: s.id })).body;
    await call('patch', `/phone-lines/${line.id}`, { name: 'Front desk' }).expect(200);
    expect(await lastEntry('phone-line', line.id)).toMatchObject({ before: { name: 'Desk' }, after: { name: 'Front desk' } });
  });

  it('a new API token is audited without its secret; revoking it shows revokedAt appear', async () => {
    const team = await aTeam(t);
    const m = await aPerson(t, [{ teamId: team, role: 'manager' }]);
    await givePassword(t, m.id, 'a long enough password');
    const agent = request.agent(t.app);
    const login = await agent.post('/api/v1/auth/login').send({ email: m.email, password: 'a long enough password' }).expect(200);
    expect(await lastEntry('session')).toMatchObject({ actor: { userId: m.id }, via: 'session', after: { user: { id: m.id }, csrfToken: '[redacted]' } });
    const tok = (await agent.post('/api/v1/tokens').set('X-CSRF-Token', login.body.csrfToken).send({ name: 'ci', role: 'viewer' }).expect(201)).body;
    const created = await lastEntry('api-token', tok.id);
    expect(created).toMatchObject({ via: 'session', actor: { userId: m.id }, before: null, after: { name: 'ci', hash: '[redacted]' } });
    expect(JSON.stringify(created)).not.toContain(tok.token);
    await agent.delete(`/api/v1/tokens/${tok.id}`).set('X-CSRF-Token', login.body.csrfToken).expect(200);
    expect(await lastEntry('api-token', tok.id)).toMatchObject({ before: { revokedAt: null }, after: { revokedAt: expect.any(String) } });
  });

  it('a membership change names the team and role', async () => {
    const team = await aTeam(t);
    const u = await person();
    await call('put', `/teams/${team}/members/${u.id}`, { role: 'manager' }).expect(200);
    expect(await lastEntry('membership')).toMatchObject({ after: { teamId: team, userId: u.id, role: 'manager' } });
  });

  it('the audit log can be filtered by person and time, and no API route edits or deletes it', async () => {
    const from = new Date().toISOString();
    await schedule('Filtered');
    const res = await request(t.app).get(`/api/v1/audit?from=${from}&resource=schedule`).set(H()).expect(200);
    expect(res.body.items.length).toBeGreaterThan(0);
    const none = await request(t.app).get(`/api/v1/audit?userId=0123456789abcdef01234567`).set(H()).expect(200);
    expect(none.body.items).toEqual([]);
    const id = res.body.items[0].id;
    for (const m of ['patch', 'put', 'delete'] as const) expect((await request(t.app)[m](`/api/v1/audit/${id}`).set(H())).status).toBe(404);
    expect((await request(t.app).delete('/api/v1/audit').set(H())).status).toBe(404);
  });
});

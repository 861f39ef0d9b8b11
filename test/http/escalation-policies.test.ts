import { isScheduleReferenced, policiesReferencingUser } from '../../src/db/escalation-policy.repository';
import { buildTestApp, type TestApp } from '../fixtures/app';
import { warmUpDatabase } from '../fixtures/stack-warmup';
import { aScheduleInDb, aService, aUserInDb, admin, level, policyBody } from '../fixtures/alerting.builders';

let t: TestApp;
let api: ReturnType<typeof admin>;
beforeAll(async () => {
  t = await buildTestApp();
  await warmUpDatabase(t.conn);
  api = admin(t);
});
afterAll(async () => {
  await t.close();
});

const fields = (res: { body: { error: { details: { field: string }[] } } }) => res.body.error.details.map((d) => d.field);

describe('escalation policies API', () => {
  it('creates a two-level policy (schedule then user) with an owner and returns it with an id', async () => {
    const [alice, bob] = [await aUserInDb(t.conn), await aUserInDb(t.conn)];
    const schedule = await aScheduleInDb(t.conn, [alice.id]);
    const body = policyBody(
      [
        level([{ type: 'schedule', id: schedule.id }], { delayMinutes: 5, repeatCount: 2, retryIntervalMinutes: 1 }),
        level([{ type: 'user', id: bob.id }], { delayMinutes: 10 }),
      ],
      { repeat: 1, ownerUserId: bob.id },
    );
    const res = await api.post('/escalation-policies', body);
    expect(res.status).toBe(201);
    expect(res.body.id).toMatch(/^[0-9a-f]{24}$/);
    expect(res.body).toMatchObject({ name: body.name, levels: body.levels, repeat: 1, ownerUserId: bob.id });
    expect(res.body).not.toHaveProperty('_id');
    const got = await api.get(`/escalation-policies/${res.body.id}`);
    expect(got.body).toEqual(res.body);
  });

  it('rejects a policy without levels, naming the field', async () => {
    const res = await api.post('/escalation-policies', policyBody([]));
    expect(res.status).toBe(400);
    expect(fields(res)).toEqual(['levels']);
  });

  it('rejects a delay under one minute and retries without an interval, naming each field', async () => {
    const u = await aUserInDb(t.conn);
    const res = await api.post(
      '/escalation-policies',
      policyBody([level([{ type: 'user', id: u.id }], { delayMinutes: 0, repeatCount: 2, retryIntervalMinutes: 0 })]),
    );
    expect(res.status).toBe(400);
    expect(fields(res).sort()).toEqual(['levels.0.delayMinutes', 'levels.0.retryIntervalMinutes']);
  });

  it('rejects targets and owners that do not exist, naming where they are', async () => {
    const u = await aUserInDb(t.conn);
    const ghost = '0123456789abcdef01234567';
    const res = await api.post(
      '/escalation-policies',
      policyBody([level([{ type: 'user', id: u.id }]), level([{ type: 'user', id: u.id }, { type: 'schedule', id: ghost }])], {
        ownerUserId: ghost,
      }),
    );
    expect(res.status).toBe(400);
    expect(fields(res)).toEqual(['levels.1.targets.1.id', 'ownerUserId']);
    expect(res.body.error.message).toContain(`unknown schedule ${ghost}`);
  });

  it('rejects a malformed target type and id, and mongo operators in the body', async () => {
    const bad = await api.post('/escalation-policies', policyBody([level([{ type: 'team', id: 'x' }])]));
    expect(bad.status).toBe(400);
    expect(fields(bad).sort()).toEqual(['levels.0.targets.0.id', 'levels.0.targets.0.type']);
    const injected = await api.post('/escalation-policies', policyBody([level([{ type: 'user', id: { $ne: null } }])]));
    expect(injected.status).toBe(400);
  });

  it('lists policies a page at a time', async () => {
    const u = await aUserInDb(t.conn);
    for (let i = 0; i < 3; i++) await api.post('/escalation-policies', policyBody([level([{ type: 'user', id: u.id }])]));
    const all = await api.get('/escalation-policies?limit=200');
    const page = await api.get('/escalation-policies?limit=2&offset=1');
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ total: all.body.total, limit: 2, offset: 1 });
    expect(page.body.data.map((p: { id: string }) => p.id)).toEqual(all.body.data.slice(1, 3).map((p: { id: string }) => p.id));
    expect((await api.get('/escalation-policies?limit=0')).status).toBe(400);
  });

  it('PATCH changes only the given fields and still validates the whole policy; PUT replaces it', async () => {
    const [a, b] = [await aUserInDb(t.conn), await aUserInDb(t.conn)];
    const created = (await api.post('/escalation-policies', policyBody([level([{ type: 'user', id: a.id }])], { repeat: 2 }))).body;
    const renamed = await api.patch(`/escalation-policies/${created.id}`, { name: 'Renamed' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Renamed', repeat: 2, levels: created.levels });
    const badOwner = await api.patch(`/escalation-policies/${created.id}`, { ownerUserId: '0123456789abcdef01234567' });
    expect(badOwner.status).toBe(400);
    const replaced = await api.put(`/escalation-policies/${created.id}`, policyBody([level([{ type: 'user', id: b.id }])], { name: 'New' }));
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ name: 'New', repeat: 0, ownerUserId: null, levels: [{ targets: [{ type: 'user', id: b.id }] }] });
  });

  it('answers 404 for unknown and malformed ids', async () => {
    for (const id of ['0123456789abcdef01234567', 'nope']) {
      expect((await api.get(`/escalation-policies/${id}`)).status).toBe(404);
      expect((await api.patch(`/escalation-policies/${id}`, { name: 'x' })).status).toBe(404);
      expect((await api.del(`/escalation-policies/${id}`)).status).toBe(404);
    }
  });

  it('refuses to delete a policy a service routes to (409), and deletes it once the service is gone', async () => {
    const u = await aUserInDb(t.conn);
    const policy = (await api.post('/escalation-policies', policyBody([level([{ type: 'user', id: u.id }])]))).body;
    const service = await aService(t, policy.id);
    const refused = await api.del(`/escalation-policies/${policy.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.details).toEqual({ services: [service.id] });
    expect((await api.del(`/services/${service.id}`)).status).toBe(204);
    expect((await api.del(`/escalation-policies/${policy.id}`)).status).toBe(204);
    expect((await api.get(`/escalation-policies/${policy.id}`)).status).toBe(404);
  });

  it('reports the schedules and users a policy still pages, so they are not deleted under it', async () => {
    const [a, owner] = [await aUserInDb(t.conn), await aUserInDb(t.conn)];
    const used = await aScheduleInDb(t.conn, [a.id]);
    const unused = await aScheduleInDb(t.conn, [a.id]);
    const policy = (
      await api.post('/escalation-policies', policyBody([level([{ type: 'schedule', id: used.id }])], { ownerUserId: owner.id }))
    ).body;
    expect(await isScheduleReferenced(t.conn, used.id)).toBe(true);
    expect(await isScheduleReferenced(t.conn, unused.id)).toBe(false);
    expect(await policiesReferencingUser(t.conn, owner.id)).toEqual([policy.id]);
    expect(await policiesReferencingUser(t.conn, a.id)).toEqual([]);
  });

  it('a schedule a policy pages cannot be deleted (409) until the policy stops paging it', async () => {
    const u = await aUserInDb(t.conn);
    const schedule = await aScheduleInDb(t.conn, [u.id]);
    const policy = (await api.post('/escalation-policies', policyBody([level([{ type: 'schedule', id: schedule.id }])]))).body;
    const refused = await api.del(`/schedules/${schedule.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain(policy.id);
    await api.patch(`/escalation-policies/${policy.id}`, { levels: [level([{ type: 'user', id: u.id }])] });
    expect((await api.del(`/schedules/${schedule.id}`)).status).toBe(204);
  });
});

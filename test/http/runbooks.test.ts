import request from 'supertest';
import { buildTestApp, type TestApp } from '../fixtures/app';
import { aUser } from '../fixtures/builders';

let t: TestApp;
const auth = () => ({ Authorization: `Bearer ${t.token}` });

/** The blog's runbook, verbatim. */
const RUNBOOK = {
  on_call_rotation: {
    timezone: 'America/Chicago',
    period_days: 7,
    schedule: [
      { name: 'Alice', phone: '+15551234567', start: '2026-06-16' },
      { name: 'Bob', phone: '+15557654321', start: '2026-06-23' },
      { name: 'Carol', phone: '+15559876543', start: '2026-06-30' },
    ],
  },
  escalation_rules: [
    { trigger: 'server down', page: 'on-call', method: 'sms' },
    { trigger: 'billing question', page: 'alice@msp.com', method: 'email' },
  ],
};

beforeEach(async () => {
  t = await buildTestApp();
});
afterEach(async () => {
  await t.close();
});

const importRunbook = (body: unknown = RUNBOOK) => request(t.app).post('/api/v1/runbooks').set(auth()).send(body as object);

describe('NightDesk runbooks', () => {
  it('importing creates the users and a schedule and returns their ids', async () => {
    const res = await importRunbook();
    expect(res.status).toBe(201);
    expect(res.body.members.map((m: { name: string }) => m.name)).toEqual(['Alice', 'Bob', 'Carol']);
    expect(res.body.createdUserIds).toHaveLength(3);
    const schedule = await request(t.app).get(`/api/v1/schedules/${res.body.scheduleId}`).set(auth());
    expect(schedule.body).toMatchObject({ timezone: 'America/Chicago', rotationType: 'weekly', handoffTime: '00:00', startDate: '2026-06-16' });
    expect(schedule.body.members.map((m: { userId: string }) => m.userId)).toEqual(res.body.members.map((m: { userId: string }) => m.userId));
  });

  it('an existing user with the same phone is reused, not duplicated', async () => {
    const bob = await aUser(t, { name: 'Robert', phone: '+15557654321' });
    const res = await importRunbook();
    expect(res.body.members[1]).toEqual({ name: 'Bob', phone: '+15557654321', userId: bob.id });
    expect(res.body.createdUserIds).not.toContain(bob.id);
    expect((await request(t.app).get('/api/v1/users').set(auth())).body.total).toBe(3);
  });

  it('on Monday evening in Chicago (01:00 UTC Tuesday) "on-call" still resolves to the outgoing Alice', async () => {
    const { body } = await importRunbook();
    const res = await request(t.app).get(`/api/v1/runbooks/${body.id}/resolve?at=2026-06-23T01:00:00Z`).set(auth());
    expect(res.status).toBe(200);
    expect(res.body.onCall).toMatchObject({ name: 'Alice', phone: '+15551234567' });
    expect(res.body.escalation_rules).toEqual([
      { trigger: 'server down', page: 'on-call', method: 'sms', sentinel: true, target: 'Alice', userId: body.members[0].userId, phone: '+15551234567' },
      { trigger: 'billing question', page: 'alice@msp.com', method: 'email', sentinel: false, target: 'alice@msp.com', userId: null, phone: null },
    ]);
    const later = await request(t.app).get(`/api/v1/runbooks/${body.id}/resolve?at=2026-06-23T05:00:00Z`).set(auth());
    expect(later.body.escalation_rules[0].target).toBe('Bob');
  });

  it('resolution goes through the imported schedule, so an override added by REST applies', async () => {
    const { body } = await importRunbook();
    const dave = await aUser(t, { name: 'Dave' });
    await request(t.app)
      .post(`/api/v1/schedules/${body.scheduleId}/overrides`)
      .set(auth())
      .send({ userId: dave.id, startsAt: '2026-06-22T00:00:00Z', endsAt: '2026-06-24T00:00:00Z' })
      .expect(201);
    const res = await request(t.app).get(`/api/v1/runbooks/${body.id}/resolve?at=2026-06-23T01:00:00Z`).set(auth());
    expect(res.body.escalation_rules[0]).toMatchObject({ target: 'Dave', userId: dave.id });
  });

  it('a runbook without a rotation passes its targets straight through', async () => {
    const { body } = await importRunbook({ escalation_rules: [{ trigger: 'disk full', page: 'ops@msp.com', method: 'email' }] });
    expect(body.scheduleId).toBeNull();
    const res = await request(t.app).get(`/api/v1/runbooks/${body.id}/resolve`).set(auth());
    expect(res.body.escalation_rules[0]).toMatchObject({ sentinel: false, target: 'ops@msp.com' });
  });

  it.each([
    ['a phone that is not E.164', { ...RUNBOOK, on_call_rotation: { ...RUNBOOK.on_call_rotation, schedule: [{ name: 'A', phone: '555', start: '2026-06-16' }] } }, /on_call_rotation\.schedule\.0\.phone/],
    ['a bad time zone', { ...RUNBOOK, on_call_rotation: { ...RUNBOOK.on_call_rotation, timezone: 'Chicago' } }, /on_call_rotation\.timezone/],
    ['an empty rotation', { ...RUNBOOK, on_call_rotation: { ...RUNBOOK.on_call_rotation, schedule: [] } }, /on_call_rotation\.schedule/],
    ['an operator key', { ...RUNBOOK, $where: 'sleep(1000)' }, /"\$"/],
  ])('a runbook with %s is a 400 naming the field', async (_what, body, message) => {
    const res = await importRunbook(body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
  });

  it('unknown runbook ids are 404', async () => {
    expect((await request(t.app).get('/api/v1/runbooks/0123456789abcdef01234567/resolve').set(auth())).status).toBe(404);
    expect((await request(t.app).get('/api/v1/runbooks/nope').set(auth())).status).toBe(404);
  });
});

import request from 'supertest';
import { buildTestApp, type TestApp } from '../fixtures/app';
import { aUser, userBody } from '../fixtures/builders';
import { findUserByPhone } from '../../src/db/user.repository';
import { createSmsOptOutRepository } from '../../src/db/sms-opt-out.repository';

let t: TestApp;
const auth = () => ({ Authorization: `Bearer ${t.token}` });

beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('users API', () => {
  it('without a bearer token, the admin API answers 401', async () => {
    const res = await request(t.app).get('/api/v1/users');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthorized');
  });

  it('with a wrong bearer token, of the same length or not, the admin API answers 401', async () => {
    for (const wrong of ['x'.repeat(t.token.length), `${t.token}x`, t.token.slice(1)]) {
      const res = await request(t.app).get('/api/v1/users').set('Authorization', `Bearer ${wrong}`);
      expect(res.status).toBe(401);
      expect(res.body.error).toMatchObject({ code: 'unauthorized', message: 'invalid API token' });
    }
  });

  it('creating a user returns 201 with an id, UTC by default, and no mongo internals', async () => {
    const body = userBody({ name: 'Alice', timezone: undefined });
    const res = await request(t.app).post('/api/v1/users').set(auth()).send(body);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'Alice', email: body.email, phone: body.phone, timezone: 'UTC' });
    expect(res.body.id).toMatch(/^[0-9a-f]{24}$/);
    expect(res.body).not.toHaveProperty('_id');
    expect(res.body).not.toHaveProperty('__v');
    const got = await request(t.app).get(`/api/v1/users/${res.body.id}`).set(auth());
    expect(got.body).toEqual(res.body);
  });

  it('stores notification preferences with channels and quiet hours', async () => {
    const prefs = { channels: ['phone_call', 'sms'], quietHours: { start: '22:00', end: '07:00' } };
    const u = await aUser(t, { notificationPrefs: prefs, timezone: 'Europe/London' });
    const got = await request(t.app).get(`/api/v1/users/${u.id}`).set(auth());
    expect(got.body).toMatchObject({ timezone: 'Europe/London', notificationPrefs: prefs });
  });

  it("stores a person's own page throttle, and leaves it out when they have none (the fleet's default applies)", async () => {
    const own = await aUser(t, { notificationPrefs: { channels: ['phone_call'], pageThrottleSeconds: 120 } });
    expect((await request(t.app).get(`/api/v1/users/${own.id}`).set(auth())).body.notificationPrefs).toEqual({ channels: ['phone_call'], pageThrottleSeconds: 120 });
    const none = await aUser(t, { notificationPrefs: { channels: ['phone_call'] } });
    expect((await request(t.app).get(`/api/v1/users/${none.id}`).set(auth())).body.notificationPrefs).toEqual({ channels: ['phone_call'] });
  });

  it.each([
    ['phone', { phone: '555-1234' }, /phone: must be an E.164/],
    ['timezone', { timezone: 'Mars/Olympus' }, /timezone: must be an IANA time zone/],
    ['email', { email: 'not-an-email' }, /email:/],
    ['quiet hours', { notificationPrefs: { channels: ['sms'], quietHours: { start: '25:00', end: '07:00' } } }, /notificationPrefs\.quietHours\.start: must be HH:mm/],
    ['channel', { notificationPrefs: { channels: ['pigeon'] } }, /notificationPrefs\.channels\.0/],
    ['page throttle above 10 minutes', { notificationPrefs: { channels: ['sms'], pageThrottleSeconds: 601 } }, /notificationPrefs\.pageThrottleSeconds: must be at most 600 seconds/],
    ['fractional page throttle', { notificationPrefs: { channels: ['sms'], pageThrottleSeconds: 1.5 } }, /notificationPrefs\.pageThrottleSeconds: must be a whole number of seconds/],
    ['negative page throttle', { notificationPrefs: { channels: ['sms'], pageThrottleSeconds: -1 } }, /notificationPrefs\.pageThrottleSeconds: must be 0/],
    ['unknown field', { role: 'admin' }, /Unrecognized key/],
  ])('a bad %s is a 400 whose message names the field', async (_what, over, msg) => {
    const res = await request(t.app).post('/api/v1/users').set(auth()).send(userBody(over));
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(msg);
  });

  it('a second user with the same email or phone is a 409', async () => {
    const u = await aUser(t);
    const sameEmail = await request(t.app).post('/api/v1/users').set(auth()).send(userBody({ email: u.email.toUpperCase() }));
    expect(sameEmail.status).toBe(409);
    expect(sameEmail.body.error.message).toMatch(/email/);
    const samePhone = await request(t.app).post('/api/v1/users').set(auth()).send(userBody({ phone: u.phone }));
    expect(samePhone.status).toBe(409);
    expect(samePhone.body.error.message).toMatch(/phone/);
  });

  it('operator injection in a body or query never reaches mongo', async () => {
    const inBody = await request(t.app).post('/api/v1/users').set(auth()).send({ ...userBody(), email: { $gt: '' } });
    expect(inBody.status).toBe(400);
    const inPatch = await request(t.app).patch(`/api/v1/users/${'a'.repeat(24)}`).set(auth()).send({ name: { $ne: null } });
    expect(inPatch.status).toBe(400);
    const inQuery = await request(t.app).get('/api/v1/users?limit[$gt]=1').set(auth());
    expect(inQuery.status).toBe(400);
  });

  it('unknown and malformed ids are 404', async () => {
    for (const id of ['0123456789abcdef01234567', 'not-an-id', '{"$gt":""}']) {
      const res = await request(t.app).get(`/api/v1/users/${encodeURIComponent(id)}`).set(auth());
      expect(res.status).toBe(404);
    }
    const del = await request(t.app).delete('/api/v1/users/0123456789abcdef01234567').set(auth());
    expect(del.status).toBe(404);
  });

  it('PATCH changes fields, still refusing a duplicate phone', async () => {
    const a = await aUser(t);
    const b = await aUser(t);
    const res = await request(t.app).patch(`/api/v1/users/${a.id}`).set(auth()).send({ name: 'Renamed', timezone: 'Asia/Kolkata' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'Renamed', timezone: 'Asia/Kolkata', phone: a.phone });
    const dup = await request(t.app).patch(`/api/v1/users/${a.id}`).set(auth()).send({ phone: b.phone });
    expect(dup.status).toBe(409);
  });

  it('lists users with limit and offset and reports the total', async () => {
    const fresh = await buildTestApp();
    try {
      const api = { app: fresh.app, token: fresh.token };
      for (let i = 0; i < 5; i++) await aUser(api, { name: `P${i}` });
      const page = await request(fresh.app).get('/api/v1/users?limit=2&offset=2').set('Authorization', `Bearer ${fresh.token}`);
      expect(page.status).toBe(200);
      expect(page.body).toMatchObject({ total: 5, limit: 2, offset: 2 });
      expect(page.body.data.map((u: { name: string }) => u.name)).toEqual(['P2', 'P3']);
      const bad = await request(fresh.app).get('/api/v1/users?limit=0').set('Authorization', `Bearer ${fresh.token}`);
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(/limit/);
    } finally {
      await fresh.close();
    }
  });

  it('shows whether the user\'s number replied STOP to SMS pages, on one user and in the list', async () => {
    const u = await aUser(t, { name: 'Stopper' });
    const fresh = await request(t.app).get(`/api/v1/users/${u.id}`).set(auth());
    expect(fresh.body.smsOptedOut).toBe(false);
    await createSmsOptOutRepository(t.conn).optOut(u.phone, u.id, 'STOP');
    const stopped = await request(t.app).get(`/api/v1/users/${u.id}`).set(auth());
    expect(stopped.body.smsOptedOut).toBe(true);
    const list = await request(t.app).get('/api/v1/users?limit=200').set(auth());
    const listed = (list.body.data as { id: string; smsOptedOut: boolean }[]).filter((x) => x.smsOptedOut).map((x) => x.id);
    expect(listed).toContain(u.id);
    await createSmsOptOutRepository(t.conn).optIn(u.phone); // START
    expect((await request(t.app).get(`/api/v1/users/${u.id}`).set(auth())).body.smsOptedOut).toBe(false);
  });

  it('deletes a user, then it is gone', async () => {
    const u = await aUser(t);
    expect((await request(t.app).delete(`/api/v1/users/${u.id}`).set(auth())).status).toBe(204);
    expect((await request(t.app).get(`/api/v1/users/${u.id}`).set(auth())).status).toBe(404);
  });

  it('findUserByPhone finds a user by E.164 number and ignores anything else', async () => {
    const u = await aUser(t, { name: 'Texter' });
    expect((await findUserByPhone(t.conn, u.phone))?.id).toBe(u.id);
    expect(await findUserByPhone(t.conn, '+19999999999')).toBeNull();
    expect(await findUserByPhone(t.conn, { $gt: '' } as unknown as string)).toBeNull();
  });
});

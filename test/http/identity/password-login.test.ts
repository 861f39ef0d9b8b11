import request from 'supertest';
import { buildTestApp, type TestApp } from '../../fixtures/app';
import { aPerson, aTeam, givePassword } from '../../fixtures/identity';

const PASSWORD = 'correct horse battery staple';
const sessionCookie = (res: request.Response): string | undefined =>
  ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('nightline_session='));

describe('password login and sessions', () => {
  let t: TestApp;
  let teamId: string;
  beforeAll(async () => {
    t = await buildTestApp({ env: { LOGIN_MAX_FAILURES_PER_ACCOUNT: '3', LOGIN_LOCKOUT_MINUTES: '5' } });
    teamId = await aTeam(t, 'Payments');
  });
  afterAll(() => t.close());

  it('a person signs in with email and password and /auth/me names them, their team, role and CSRF token', async () => {
    const alice = await aPerson(t, [{ teamId, role: 'responder' }]);
    await givePassword(t, alice.id, PASSWORD);
    const agent = request.agent(t.app);
    const login = await agent.post('/api/v1/auth/login').send({ email: alice.email, password: PASSWORD }).expect(200);
    const cookie = sessionCookie(login)!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    const me = await agent.get('/api/v1/auth/me').expect(200);
    expect(me.body).toMatchObject({
      user: { id: alice.id, email: alice.email },
      via: 'session',
      admin: false,
      teams: [{ id: teamId, name: 'Payments', role: 'responder' }],
      csrfToken: login.body.csrfToken,
    });
  });

  it('the cookie is Secure when PUBLIC_URL is https', async () => {
    const s = await buildTestApp({ conn: t.conn, env: { PUBLIC_URL: 'https://pager.example.test' } });
    const bob = await aPerson(s, [{ teamId, role: 'viewer' }]);
    await givePassword(s, bob.id, PASSWORD);
    const login = await request(s.app).post('/api/v1/auth/login').send({ email: bob.email, password: PASSWORD }).expect(200);
    expect(sessionCookie(login)).toMatch(/Secure/);
  });

  it('the session ID changes at login, and the old session stops working', async () => {
    const carol = await aPerson(t, [{ teamId, role: 'responder' }]);
    await givePassword(t, carol.id, PASSWORD);
    const agent = request.agent(t.app);
    const first = sessionCookie(await agent.post('/api/v1/auth/login').send({ email: carol.email, password: PASSWORD }).expect(200))!;
    const second = sessionCookie(await agent.post('/api/v1/auth/login').send({ email: carol.email, password: PASSWORD }).expect(200))!;
    expect(second.split(';')[0]).not.toBe(first.split(';')[0]);
    await request(t.app).get('/api/v1/auth/me').set('Cookie', first.split(';')[0]!).expect(401);
    await request(t.app).get('/api/v1/auth/me').set('Cookie', second.split(';')[0]!).expect(200);
  });

  it('a cross-site form POST that carries the session cookie but no CSRF token is refused', async () => {
    const dave = await aPerson(t, [{ teamId, role: 'manager' }]);
    await givePassword(t, dave.id, PASSWORD);
    const agent = request.agent(t.app);
    const login = await agent.post('/api/v1/auth/login').send({ email: dave.email, password: PASSWORD }).expect(200);
    const forged = await agent.post('/api/v1/tokens').type('form').set('Origin', 'https://evil.example').send('name=x&role=viewer');
    expect(forged.status).toBe(403);
    expect(forged.body.error.code).toBe('csrf_failed');
    const wrong = await agent.post('/api/v1/tokens').set('X-CSRF-Token', 'nope').send({ name: 'x', role: 'viewer' });
    expect(wrong.status).toBe(403);
    await agent.post('/api/v1/tokens').set('X-CSRF-Token', login.body.csrfToken).send({ name: 'x', role: 'viewer' }).expect(201);
  });

  it('a wrong password N times gives 429 with Retry-After, even for the right password, and the lockout is recorded', async () => {
    const erin = await aPerson(t, [{ teamId, role: 'responder' }]);
    await givePassword(t, erin.id, PASSWORD);
    const bad = { email: erin.email, password: 'guess' };
    await request(t.app).post('/api/v1/auth/login').send(bad).expect(401);
    await request(t.app).post('/api/v1/auth/login').send(bad).expect(401);
    const third = await request(t.app).post('/api/v1/auth/login').send(bad).expect(429);
    expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);
    const right = await request(t.app).post('/api/v1/auth/login').send({ email: erin.email, password: PASSWORD }).expect(429);
    expect(Number(right.headers['retry-after'])).toBeGreaterThan(0);
    const audit = await request(t.app).get('/api/v1/audit?resource=lockout').set('Authorization', `Bearer ${t.token}`).expect(200);
    expect(audit.body.items.map((e: { resourceId: string }) => e.resourceId)).toContain(`account:${erin.email.toLowerCase()}`);
  });

  it('log out ends this session; log out everywhere ends every session of that person', async () => {
    const fred = await aPerson(t, [{ teamId, role: 'viewer' }]);
    await givePassword(t, fred.id, PASSWORD);
    const a = request.agent(t.app);
    const b = request.agent(t.app);
    const la = await a.post('/api/v1/auth/login').send({ email: fred.email, password: PASSWORD }).expect(200);
    await b.post('/api/v1/auth/login').send({ email: fred.email, password: PASSWORD }).expect(200);
    await a.post('/api/v1/auth/logout').set('X-CSRF-Token', la.body.csrfToken).expect(204);
    await a.get('/api/v1/auth/me').expect(401);
    await b.get('/api/v1/auth/me').expect(200);
    const c = request.agent(t.app);
    const lc = await c.post('/api/v1/auth/login').send({ email: fred.email, password: PASSWORD }).expect(200);
    const all = await c.post('/api/v1/auth/logout-everywhere').set('X-CSRF-Token', lc.body.csrfToken).expect(200);
    expect(all.body.ended).toBe(2);
    await b.get('/api/v1/auth/me').expect(401);
  });

  it('a one-time password link works once; a short password is a 400 naming the field', async () => {
    const gina = await aPerson(t, [{ teamId, role: 'viewer' }]);
    const link = await request(t.app).post(`/api/v1/users/${gina.id}/password-link`).set('Authorization', `Bearer ${t.token}`).expect(201);
    expect(link.body.link).toContain('#token=');
    const short = await request(t.app).post('/api/v1/auth/password').send({ token: link.body.token, password: 'short' }).expect(400);
    expect(short.body.error.details[0].field).toBe('password');
    await request(t.app).post('/api/v1/auth/password').send({ token: link.body.token, password: PASSWORD }).expect(204);
    await request(t.app).post('/api/v1/auth/password').send({ token: link.body.token, password: PASSWORD }).expect(400);
    await request(t.app).post('/api/v1/auth/login').send({ email: gina.email, password: PASSWORD }).expect(200);
  });
});

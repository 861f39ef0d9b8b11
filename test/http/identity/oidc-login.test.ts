import request from 'supertest';
import type { Express } from 'express';
import { buildTestApp, TEST_ENV, type TestApp } from '../../fixtures/app';
import { aPhone, userBody } from '../../fixtures/builders';
import { startTestProvider, type TestProvider } from '../../fixtures/oidc-provider';

jest.setTimeout(60_000);

const REDIRECT = `${TEST_ENV.PUBLIC_URL}/api/v1/auth/oidc/callback`;
const CLIENT = { clientId: 'nightline', clientSecret: 'a-client-secret-for-tests-only' };
const existing = userBody({ name: 'Alice Existing' });
const newcomerPhone = aPhone();

let idp: TestProvider;
let t: TestApp;
let refusing: TestApp;

const ssoEnv = (unknown: 'create' | 'refuse') => ({
  OIDC_ISSUER: idp.issuer,
  OIDC_CLIENT_ID: CLIENT.clientId,
  OIDC_CLIENT_SECRET: CLIENT.clientSecret,
  OIDC_GROUP_MAP: JSON.stringify({ 'payments-oncall': { team: 'Payments', role: 'manager' }, everyone: { team: 'Readers', role: 'viewer' } }),
  OIDC_UNKNOWN_USERS: unknown,
});

beforeAll(async () => {
  idp = await startTestProvider({
    ...CLIENT,
    redirectUri: REDIRECT,
    accounts: {
      alice: { email: existing.email, email_verified: true, name: 'Alice at the IdP', groups: ['payments-oncall', 'unmapped'] },
      unverified: { email: existing.email, email_verified: false, groups: [] },
      newcomer: { email: 'newcomer@example.test', email_verified: true, name: 'Nina Newcomer', phone_number: newcomerPhone, groups: ['everyone'] },
    },
  });
  t = await buildTestApp({ env: ssoEnv('create') });
  refusing = await buildTestApp({ env: ssoEnv('refuse') });
  await request(t.app).post('/api/v1/users').set('Authorization', `Bearer ${t.token}`).send(existing).expect(201);
});
afterAll(async () => {
  await t?.close();
  await refusing?.close();
  await idp?.stop();
});

const cookieFrom = (res: request.Response, name: string) =>
  ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith(`${name}=`))?.split(';')[0];

/** Plays a browser through the whole sign-in; `tamper` may change the request to the IdP or its answer. */
async function signIn(app: Express, account: string, tamper: { nonce?: boolean; state?: boolean } = {}) {
  await idp.loginAs(account);
  const start = await request(app).get('/api/v1/auth/oidc/login').expect(302);
  const flow = cookieFrom(start, 'nightline_oidc')!;
  const auth = new URL(start.headers.location!);
  expect(auth.searchParams.get('code_challenge_method')).toBe('S256');
  expect(auth.searchParams.get('state')).toBeTruthy();
  if (tamper.nonce) auth.searchParams.set('nonce', 'a-nonce-this-browser-never-got');
  const back = await idp.browse(auth.href, REDIRECT);
  if (tamper.state) back.searchParams.set('state', 'a-state-from-somewhere-else');
  return request(app).get(`${back.pathname}${back.search}`).set('Cookie', flow);
}

describe('single sign-on with OpenID Connect (against oidc-provider)', () => {
  it('a first SSO login links to the existing person by verified email and maps IdP groups to a team role', async () => {
    const res = await signIn(t.app, 'alice');
    expect(res.status).toBe(303);
    const session = cookieFrom(res, 'nightline_session')!;
    const me = await request(t.app).get('/api/v1/auth/me').set('Cookie', session).expect(200);
    expect(me.body).toMatchObject({ user: { email: existing.email, name: 'Alice Existing' }, via: 'session' });
    expect(me.body.teams).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Payments', role: 'manager' })]));
    expect(me.body.teams.map((x: { name: string }) => x.name)).not.toContain('unmapped');
  });

  it('an answer whose state was tampered with is refused', async () => {
    const res = await signIn(t.app, 'alice', { state: true });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('sso_failed');
    expect(cookieFrom(res, 'nightline_session')).toBeUndefined();
  });

  it('an ID token carrying another nonce than this browser\'s is refused', async () => {
    const res = await signIn(t.app, 'alice', { nonce: true });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('sso_failed');
    expect(cookieFrom(res, 'nightline_session')).toBeUndefined();
  });

  it('an email the IdP did not verify is never linked to an existing person', async () => {
    const res = await signIn(t.app, 'unverified');
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: 'sso_refused', message: expect.stringContaining('email') });
  });

  it('an unknown person is created when the setting says create, with the mapped team', async () => {
    const res = await signIn(t.app, 'newcomer');
    expect(res.status).toBe(303);
    const me = await request(t.app).get('/api/v1/auth/me').set('Cookie', cookieFrom(res, 'nightline_session')!).expect(200);
    expect(me.body).toMatchObject({ user: { email: 'newcomer@example.test', name: 'Nina Newcomer' }, teams: [{ name: 'Readers', role: 'viewer' }] });
  });

  it('an unknown person is refused when the setting says refuse', async () => {
    const res = await signIn(refusing.app, 'newcomer');
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('sso_refused');
  });
});

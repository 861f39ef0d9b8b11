import { NightlineApiError, ok } from '../../src/client';
import { buildTestApp, type TestApp } from '../fixtures/app';
import { userBody } from '../fixtures/builders';
import { clientFor } from '../fixtures/client-fetch';

describe('the generated Nightline client', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  it('when a newcomer creates a user through the client, they read the same user back by id', async () => {
    const api = clientFor(t);
    const created = await ok(api.POST('/api/v1/users', { body: userBody({ name: 'Grace Hopper' }) }));
    const read = await ok(api.GET('/api/v1/users/{id}', { params: { path: { id: created.id } } }));
    expect(read).toMatchObject({ id: created.id, name: 'Grace Hopper', smsOptedOut: false });
  });

  it('when the API refuses a call, the client surfaces its status, code and the field it names', async () => {
    const api = clientFor(t);
    const err = await ok(api.POST('/api/v1/users', { body: { ...userBody(), phone: '555' } })).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(NightlineApiError);
    expect((err as NightlineApiError).status).toBe(400);
    expect((err as NightlineApiError).code).toBe('validation_failed');
    expect((err as NightlineApiError).message).toMatch(/phone/);
  });

  it('when the token is wrong, every admin call answers 401 through the client', async () => {
    const api = clientFor({ app: t.app, token: 'not-the-token' });
    const { response, error } = await api.GET('/api/v1/users', { params: { query: { limit: 5 } } });
    expect(response.status).toBe(401);
    expect(error?.error.code).toBe('unauthorized');
  });
});

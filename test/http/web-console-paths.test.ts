import request from 'supertest';
import { buildTestApp, type TestApp } from '../fixtures/app';

describe('paths that belong to webhooks, not to the web console', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  it('when a browser opens a Slack or email-channel path that is not served, it gets a JSON 404, never the console', async () => {
    for (const path of ['/slack/commands', '/slack/interactions', '/channels/email/other']) {
      const res = await request(t.app).get(path).set('Accept', 'text/html');
      expect({ path, status: res.status, code: res.body?.error?.code }).toEqual({ path, status: 404, code: 'not_found' });
    }
  });
});

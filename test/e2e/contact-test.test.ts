import request from 'supertest';
import type { Express } from 'express';
import { startStack, type Stack } from '../fixtures/stack';
import { aPerson, aTeam, aTokenFor } from '../fixtures/identity';
import type { Api, UserRes } from '../fixtures/builders';
import { CONTACT_TESTS_PER_WINDOW, TEST_CALL_WORDS, TEST_SMS_TEXT } from '../../src/http/routes/contact-test.routes';

/** "Send me a test call / SMS" through the real path: the service, its Twilio provider and the simulator. */

jest.setTimeout(90_000);

let s: Stack;
let api: Api;
let team: string;
beforeAll(async () => {
  s = await startStack();
  // supertest takes a URL as well as an app: the identity builders then talk to the running service.
  api = { app: s.url as unknown as Express, token: s.config.ADMIN_API_TOKEN };
  team = await aTeam(api);
});
afterAll(async () => {
  await s?.stop();
});

async function aResponder(): Promise<{ user: UserRes; token: string }> {
  const user = await aPerson(api, [{ teamId: team, role: 'responder' }]);
  return { user, token: (await aTokenFor(api, user, { role: 'responder', teamIds: [team] })).token };
}
const as = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('send me a test call or SMS', () => {
  it('when a responder asks for a test call, their phone rings and says it is a test, and the request is audited', async () => {
    const { user, token } = await aResponder();
    s.sim.phone(user.phone).answers({ hangUpAfterSeconds: 5 });
    const res = await request(s.url).post(`/api/v1/users/${user.id}/test-call`).set(as(token));
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ channel: 'phone_call', to: user.phone });
    const call = await s.sim.records.waitForCallEnd(res.body.sid, 20_000);
    const spoken = call.events.filter((e) => e.type === 'twiml').map((e) => (e as { xml: string }).xml).join('');
    expect(spoken).toContain(TEST_CALL_WORDS);
    const audit = await s.api.get(`/audit?resource=user&resourceId=${user.id}`);
    expect(audit.body.items.map((e: { action: string }) => e.action)).toContain('POST /api/v1/users/:id/test-call');
  });

  it('when a responder asks for a test SMS, the text reaches their phone', async () => {
    const { user, token } = await aResponder();
    const res = await request(s.url).post(`/api/v1/users/${user.id}/test-sms`).set(as(token));
    expect(res.status).toBe(202);
    const text = await s.waitForTextTo(user.phone);
    expect(text.body).toBe(TEST_SMS_TEXT);
  });

  it("a responder cannot ring a colleague's phone, but an admin can", async () => {
    const { token } = await aResponder();
    const colleague = await aPerson(api, [{ teamId: team, role: 'responder' }]);
    expect((await request(s.url).post(`/api/v1/users/${colleague.id}/test-call`).set(as(token))).status).toBe(403);
    expect(s.callsTo(colleague.phone)).toEqual([]);
    expect((await request(s.url).post(`/api/v1/users/${colleague.id}/test-sms`).set(as(s.config.ADMIN_API_TOKEN))).status).toBe(202);
  });

  it(`after ${CONTACT_TESTS_PER_WINDOW} test texts in ten minutes, the next is refused with 429 and not sent`, async () => {
    const { user, token } = await aResponder();
    for (let i = 0; i < CONTACT_TESTS_PER_WINDOW; i++) {
      expect((await request(s.url).post(`/api/v1/users/${user.id}/test-sms`).set(as(token))).status).toBe(202);
    }
    const refused = await request(s.url).post(`/api/v1/users/${user.id}/test-sms`).set(as(token));
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('rate_limited');
    await s.sim.records.waitFor(() => (s.textsTo(user.phone).length >= CONTACT_TESTS_PER_WINDOW ? true : undefined), 15_000, 'the allowed texts');
    expect(s.textsTo(user.phone)).toHaveLength(CONTACT_TESTS_PER_WINDOW);
  });

  it('an unknown person is a 404', async () => {
    const res = await request(s.url).post('/api/v1/users/665f1c2b9d3e4a0012345678/test-call').set(as(s.config.ADMIN_API_TOKEN));
    expect(res.status).toBe(404);
  });
});

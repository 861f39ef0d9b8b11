import request from 'supertest';
import { startAlertingStack, type AlertingStack } from '../../fixtures/alerting-stack';
import { admin, alertBody, eventually, level, policyBody, testTemporalAddress } from '../../fixtures/alerting.builders';
import { aPerson, aTokenFor } from '../../fixtures/identity';
import { ensureDefaultTeam } from '../../../src/db/identity/teams.repository';

jest.setTimeout(60_000);

let s: AlertingStack;
let api: ReturnType<typeof admin>;
beforeAll(async () => {
  s = await startAlertingStack({ temporalAddress: testTemporalAddress() });
  api = admin(s);
});
afterAll(async () => {
  await s?.stop();
});

describe('who acknowledged', () => {
  it('an acknowledgement through the API records the token\'s user, whatever the body says, and is audited', async () => {
    const defaultTeam = await ensureDefaultTeam(s.conn);
    const oncall = await aPerson(s, [{ teamId: defaultTeam, role: 'responder' }], { name: 'Rita Responder' });
    const { token } = await aTokenFor(s, oncall, { role: 'responder' });
    const policy = (await api.post('/escalation-policies', policyBody([level([{ type: 'user', id: oncall.id }])]))).body;
    const { id } = (await api.post('/alerts', alertBody(policy.id))).body;

    const ack = await request(s.app)
      .post(`/api/v1/alerts/${id}/acknowledge`)
      .set('Authorization', `Bearer ${token}`)
      .send({ by: 'Mallory Impostor' });
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ ok: true, status: 'acknowledged' });
    await eventually(async () =>
      expect((await api.get(`/alerts/${id}`)).body).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'Rita Responder' }),
    );
    const audit = (await api.get(`/audit?resource=alert&resourceId=${id}`)).body.items;
    expect(audit[0]).toMatchObject({
      actor: { userId: oncall.id, name: 'Rita Responder' },
      via: 'token',
      action: 'POST /api/v1/alerts/:id/acknowledge',
      before: { status: 'triggered' },
      address: expect.any(String),
      requestId: expect.any(String),
    });
  });

  it('a viewer cannot acknowledge, and a responder of another team cannot either', async () => {
    const defaultTeam = await ensureDefaultTeam(s.conn);
    const other = (await api.post('/teams', { name: 'Elsewhere' })).body.id as string;
    const viewer = await aPerson(s, [{ teamId: defaultTeam, role: 'viewer' }]);
    const outsider = await aPerson(s, [{ teamId: other, role: 'responder' }]);
    const policy = (await api.post('/escalation-policies', policyBody([level([{ type: 'user', id: viewer.id }])]))).body;
    const { id } = (await api.post('/alerts', alertBody(policy.id))).body;
    for (const who of [viewer, outsider]) {
      const { token } = await aTokenFor(s, who, { role: 'responder' });
      const res = await request(s.app).post(`/api/v1/alerts/${id}/acknowledge`).set('Authorization', `Bearer ${token}`).send({});
      expect(res.status).toBe(403);
    }
  });
});

import request from 'supertest';
import { membershipModel } from '../../../src/db/identity/team.model';
import { buildTestApp, type TestApp } from '../../fixtures/app';
import { aPerson, aTeam } from '../../fixtures/identity';

describe('team memberships', () => {
  let t: TestApp;
  const admin = () => ({ Authorization: `Bearer ${t.token}` });
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  it('when an admin adds a person to a team that does not exist, the answer is 404 and no membership is made', async () => {
    const u = await aPerson(t, []);
    const res = await request(t.app).put(`/api/v1/teams/${'a'.repeat(24)}/members/${u.id}`).set(admin()).send({ role: 'viewer' });
    expect({ status: res.status, code: res.body.error?.code }).toEqual({ status: 404, code: 'not_found' });
    expect(await membershipModel(t.conn).countDocuments({ teamId: 'a'.repeat(24) })).toBe(0);
  });

  it('when the team id in the path is not an id, the answer is 400 naming it', async () => {
    const u = await aPerson(t, []);
    for (const method of ['put', 'delete'] as const) {
      const res = await request(t.app)[method](`/api/v1/teams/not-a-team/members/${u.id}`).set(admin()).send({ role: 'viewer' });
      expect({ method, status: res.status, message: res.body.error?.message }).toEqual({ method, status: 400, message: expect.stringMatching(/^id: /) });
    }
  });

  it('when an admin adds a person to a team and removes them, the team lists them and then no longer', async () => {
    const team = await aTeam(t);
    const u = await aPerson(t, [{ teamId: team, role: 'responder' }]);
    const listed = await request(t.app).get('/api/v1/teams').set(admin()).expect(200);
    const find = (body: { items: { id: string; members: { userId: string; role: string }[] }[] }) => body.items.find((x) => x.id === team)?.members;
    expect(find(listed.body)).toEqual([{ userId: u.id, role: 'responder' }]);
    await request(t.app).delete(`/api/v1/teams/${team}/members/${u.id}`).set(admin()).expect(204);
    expect(find((await request(t.app).get('/api/v1/teams').set(admin()).expect(200)).body)).toEqual([]);
  });
});

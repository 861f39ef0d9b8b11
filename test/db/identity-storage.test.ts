import request from 'supertest';
import { Types } from 'mongoose';
import { migrateFeedTokens } from '../../src/db/identity/feed-token';
import { teamResourceModel, membershipModel } from '../../src/db/identity/team.model';
import { migrateToTeams } from '../../src/db/identity/teams.repository';
import { buildTestApp, type TestApp } from '../fixtures/app';
import { scheduleBody, userBody } from '../fixtures/builders';
import { aPerson, aTeam } from '../fixtures/identity';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

/** Every document of every collection, as one string, to search for a secret. */
async function wholeDatabase(): Promise<string> {
  const out: string[] = [];
  for (const c of await t.conn.db!.listCollections().toArray()) out.push(JSON.stringify(await t.conn.db!.collection(c.name).find().toArray()));
  return out.join('\n');
}

describe('identity storage', () => {
  it('MongoDB holds only hashes: argon2id for passwords, and no token, session id or link secret in clear', async () => {
    const team = await aTeam(t);
    const u = await aPerson(t, [{ teamId: team, role: 'manager' }]);
    const password = 'plain text that must never be stored';
    const link = (await request(t.app).post(`/api/v1/users/${u.id}/password-link`).set('Authorization', `Bearer ${t.token}`).expect(201)).body.token;
    await request(t.app).post('/api/v1/auth/password').send({ token: link, password }).expect(204);
    const agent = request.agent(t.app);
    const login = await agent.post('/api/v1/auth/login').send({ email: u.email, password }).expect(200);
    const cookie = String(login.headers['set-cookie']).match(/nightline_session=([^;]+)/)![1]!;
    const token = (await agent.post('/api/v1/tokens').set('X-CSRF-Token', login.body.csrfToken).send({ name: 'ci', role: 'viewer' }).expect(201)).body.token;

    const h = { Authorization: `Bearer ${t.token}` };
    const sched = await request(t.app).post('/api/v1/schedules').set(h).send(scheduleBody([u.id])).expect(201);
    const feedToken = new URL(sched.body.calendarFeed, 'http://x').searchParams.get('token')!;
    const rotated = await request(t.app).post(`/api/v1/schedules/${sched.body.id}/rotate-feed-token`).set(h).expect(200);
    const rotatedToken = new URL(rotated.body.calendarFeed, 'http://x').searchParams.get('token')!;
    // The feed link is shown once; a later read of the schedule does not give it away.
    expect((await request(t.app).get(`/api/v1/schedules/${sched.body.id}`).set(h).expect(200)).body.calendarFeed).toBeUndefined();

    const cred = await t.conn.db!.collection('credentials').findOne({ userId: u.id });
    expect(cred!.passwordHash).toMatch(/^\$argon2id\$/);
    const db = await wholeDatabase();
    for (const secret of [password, link, cookie, token, login.body.csrfToken, feedToken, rotatedToken]) expect(db).not.toContain(secret);
  });

  it('a schedule whose feed token was stored in clear keeps its feed link after the start-up migration, which stores only its hash', async () => {
    const h = { Authorization: `Bearer ${t.token}` };
    const u = await request(t.app).post('/api/v1/users').set(h).send(userBody()).expect(201);
    const s = await request(t.app).post('/api/v1/schedules').set(h).send(scheduleBody([u.body.id])).expect(201);
    const legacy = 'legacy-feed-token-stored-in-clear';
    const raw = t.conn.db!.collection('schedules');
    await raw.updateOne({ _id: new Types.ObjectId(s.body.id) }, { $set: { feedToken: legacy }, $unset: { feedTokenHash: '' } });
    expect(await migrateFeedTokens(t.conn)).toBe(1);
    expect(await migrateFeedTokens(t.conn)).toBe(0);
    expect(JSON.stringify(await raw.findOne({ _id: new Types.ObjectId(s.body.id) }))).not.toContain(legacy);
    await request(t.app).get(`/api/v1/schedules/${s.body.id}/calendar.ics?token=${legacy}`).expect(200);
    await request(t.app).get(`/api/v1/schedules/${s.body.id}/calendar.ics?token=wrong-${legacy}`).expect(401);
  });

  it('the start-up migration moves data made before teams into the default team, and a second run changes nothing', async () => {
    const h = { Authorization: `Bearer ${t.token}` };
    const before = await request(t.app).post('/api/v1/users').set(h).send(userBody()).expect(201);
    const s = await request(t.app).post('/api/v1/schedules').set(h).send(scheduleBody([before.body.id])).expect(201);
    // Simulate data from before teams existed: no owner, no membership.
    await teamResourceModel(t.conn).deleteMany({});
    await membershipModel(t.conn).deleteMany({ userId: before.body.id });
    const first = await migrateToTeams(t.conn);
    expect(first.resources).toBeGreaterThan(0);
    expect(first.people).toBeGreaterThan(0);
    expect(await teamResourceModel(t.conn).findOne({ kind: 'schedule', resourceId: s.body.id }).lean()).toMatchObject({ teamId: expect.any(String) });
    expect(await membershipModel(t.conn).findOne({ userId: before.body.id }).lean()).toMatchObject({ role: 'responder' });
    expect(await migrateToTeams(t.conn)).toEqual({ resources: 0, people: 0 });
  });
});

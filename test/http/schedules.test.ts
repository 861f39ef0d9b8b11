import request from 'supertest';
import { buildTestApp, type TestApp } from '../fixtures/app';
import { aSchedule, aUser, post, scheduleBody, someUsers } from '../fixtures/builders';

let t: TestApp;
let members: string[];
const auth = () => ({ Authorization: `Bearer ${t.token}` });
const create = (body: unknown) => request(t.app).post('/api/v1/schedules').set(auth()).send(body as object);

beforeAll(async () => {
  t = await buildTestApp();
  members = (await someUsers(t, ['Alice', 'Bob', 'Carol'])).map((u) => u.id);
});
afterAll(async () => {
  await t.close();
});

describe('schedules API', () => {
  it('creates a schedule with the seed field names and returns it with an id', async () => {
    const body = scheduleBody(members, { name: 'Platform' });
    const res = await create(body);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ ...body, layers: [], holidayRotation: null });
    expect(res.body.id).toMatch(/^[0-9a-f]{24}$/);
    expect(res.body.calendarFeed).toMatch(new RegExp(`^/api/v1/schedules/${res.body.id}/calendar\\.ics\\?token=.+`));
    const got = await request(t.app).get(`/api/v1/schedules/${res.body.id}`).set(auth());
    // The feed link (its token) is shown only in the answer that created the schedule.
    const { calendarFeed: _feed, ...rest } = res.body;
    expect(got.body).toEqual(rest);
  });

  it('a weekly schedule without handoffDay hands off on the weekday of startDate (stored explicitly)', async () => {
    const res = await create(scheduleBody(members, { handoffDay: undefined, startDate: '2026-06-17' }));
    expect(res.status).toBe(201);
    expect(res.body.handoffDay).toBe(3);
  });

  it('accepts extra layers with restrictions and a holiday rotation', async () => {
    const layers = [
      {
        name: 'after hours',
        rotationType: 'daily',
        handoffTime: '18:00',
        startDate: '2026-06-15',
        members: [{ userId: members[2] }],
        restrictions: [{ days: [1, 2, 3, 4, 5], start: '18:00', end: '09:00' }],
      },
    ];
    const holidayRotation = { members: [{ userId: members[0] }, { userId: members[1] }] };
    const res = await create(scheduleBody(members, { layers, holidayRotation }));
    expect(res.status).toBe(201);
    expect(res.body.layers).toEqual(layers);
    expect(res.body.holidayRotation).toEqual(holidayRotation);
  });

  it.each([
    ['a bad time zone', { timezone: 'America/Chicgo' }, /timezone: must be an IANA time zone/],
    ['handoffTime not HH:mm', { handoffTime: '9am' }, /handoffTime: must be HH:mm/],
    ['an impossible startDate', { startDate: '2026-02-30' }, /startDate: is not a real calendar date/],
    ['an empty rotation', { members: [] }, /members: must have at least one member \(empty rotation\)/],
    ['custom without periodDays', { rotationType: 'custom' }, /periodDays: is required when rotationType is custom/],
    ['handoffDay out of range', { handoffDay: 7 }, /handoffDay/],
    ['a malformed member id', { members: [{ userId: 'alice' }] }, /members\.0\.userId: must be a 24-hex-digit id/],
    ['an unknown field', { shiftLength: 7 }, /Unrecognized key: "shiftLength"/],
  ])('%s is a 400 naming the field', async (_what, over, message) => {
    const res = await create(scheduleBody(members, over));
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
  });

  it('an unknown member is a 400 naming the member field', async () => {
    const res = await create(scheduleBody([members[0]!, '0123456789abcdef01234567']));
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('members.1.userId: unknown user 0123456789abcdef01234567');
  });

  it('operator injection in a schedule body is refused', async () => {
    const res = await create(scheduleBody(members, { members: [{ userId: { $ne: null } }] }));
    expect(res.status).toBe(400);
  });

  it('PATCH merges and re-validates the whole definition', async () => {
    const s = await aSchedule(t, {}, members);
    const ok = await request(t.app).patch(`/api/v1/schedules/${s.id}`).set(auth()).send({ handoffTime: '10:30', name: 'Renamed' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ handoffTime: '10:30', name: 'Renamed', handoffDay: 1 });
    const bad = await request(t.app).patch(`/api/v1/schedules/${s.id}`).set(auth()).send({ rotationType: 'custom' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/periodDays/);
    const fixed = await request(t.app).patch(`/api/v1/schedules/${s.id}`).set(auth()).send({ rotationType: 'custom', periodDays: 3 });
    expect(fixed.body).toMatchObject({ rotationType: 'custom', periodDays: 3 });
  });

  it('unknown and malformed schedule ids are 404 on every route', async () => {
    for (const path of ['0123456789abcdef01234567', 'nope', 'nope/oncall', '0123456789abcdef01234567/shifts', 'nope/overrides']) {
      const res = await request(t.app).get(`/api/v1/schedules/${path}`).set(auth());
      expect(res.status).toBe(404);
    }
    expect((await request(t.app).patch('/api/v1/schedules/0123456789abcdef01234567').set(auth()).send({ name: 'x' })).status).toBe(404);
    expect((await request(t.app).delete('/api/v1/schedules/0123456789abcdef01234567').set(auth())).status).toBe(404);
  });

  it('lists schedules with pagination', async () => {
    const fresh = await buildTestApp();
    try {
      const ids = (await someUsers(fresh, ['A'])).map((u) => u.id);
      for (let i = 0; i < 3; i++) await aSchedule(fresh, { name: `S${i}` }, ids);
      const res = await request(fresh.app).get('/api/v1/schedules?limit=2&offset=1').set('Authorization', `Bearer ${fresh.token}`);
      expect(res.body).toMatchObject({ total: 3, limit: 2, offset: 1 });
      expect(res.body.data.map((s: { name: string }) => s.name)).toEqual(['S1', 'S2']);
    } finally {
      await fresh.close();
    }
  });

  it('deleting a schedule removes its overrides too; a user in a rotation cannot be deleted', async () => {
    const u = await aUser(t);
    const s = await aSchedule(t, {}, [u.id]);
    expect((await request(t.app).delete(`/api/v1/users/${u.id}`).set(auth())).status).toBe(409);
    await post(t, `/schedules/${s.id}/overrides`, { userId: u.id, startsAt: '2026-07-01T00:00:00Z', endsAt: '2026-07-02T00:00:00Z' });
    expect((await request(t.app).delete(`/api/v1/schedules/${s.id}`).set(auth())).status).toBe(204);
    expect((await request(t.app).get(`/api/v1/schedules/${s.id}`).set(auth())).status).toBe(404);
    expect(await t.conn.collection('scheduleoverrides').countDocuments({})).toBe(0);
  });

  it('a schedule an escalation policy pages cannot be deleted (409)', async () => {
    const s = await aSchedule(t, {}, members);
    await post(t, '/escalation-policies', { name: 'P', levels: [{ targets: [{ type: 'schedule', id: s.id }], delayMinutes: 5 }] });
    const res = await request(t.app).delete(`/api/v1/schedules/${s.id}`).set(auth());
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/escalation policy/);
  });
});

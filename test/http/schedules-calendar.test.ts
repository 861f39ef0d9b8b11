import ICAL from 'ical.js';
import request from 'supertest';
import { buildTestApp, type TestApp } from '../fixtures/app';
import { aSchedule, someUsers, type ScheduleRes, type UserRes } from '../fixtures/builders';

let t: TestApp;
let alice: UserRes, bob: UserRes;
let s: ScheduleRes;
/** The first handoff: Monday 1 June 2026, 09:00 Chicago (14:00 UTC). */
const FROM = '2026-06-01T14:00:00Z';

beforeAll(async () => {
  t = await buildTestApp();
  [alice, bob] = (await someUsers(t, ['Alice', 'Bob'])) as [UserRes, UserRes];
  s = await aSchedule(t, { name: 'Platform', startDate: '2026-06-01', handoffDay: 1, handoffTime: '09:00' }, [alice.id, bob.id]);
});
afterAll(async () => {
  await t.close();
});

function events(text: string) {
  const cal = new ICAL.Component(ICAL.parse(text));
  return cal.getAllSubcomponents('vevent').map((c) => {
    const e = new ICAL.Event(c);
    return { summary: e.summary, start: e.startDate.toJSDate().toISOString(), end: e.endDate.toJSDate().toISOString(), uid: e.uid };
  });
}

describe('GET /schedules/:id/calendar.ics', () => {
  it('serves a valid iCalendar feed of upcoming shifts with the schedule feed token (no header needed)', async () => {
    const res = await request(t.app).get(`${s.calendarFeed}&from=${FROM}&days=21`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/calendar/);
    const evs = events(res.text);
    expect(evs.map((e) => e.summary)).toEqual(['On call: Alice (Platform)', 'On call: Bob (Platform)', 'On call: Alice (Platform)']);
    // 09:00 Chicago in June is 14:00 UTC.
    expect(evs[1]).toMatchObject({ start: '2026-06-08T14:00:00.000Z', end: '2026-06-15T14:00:00.000Z' });
    expect(evs[0]!.start).toBe('2026-06-01T14:00:00.000Z');
    expect(evs[2]!.end).toBe('2026-06-22T14:00:00.000Z');
    expect(new Set(evs.map((e) => e.uid)).size).toBe(evs.length);
  });

  it('a gap is shown as its own event in the schedule feed', async () => {
    const res = await request(t.app).get(`${s.calendarFeed}&from=2026-05-31T00:00:00Z&days=2`);
    expect(events(res.text)[0]).toMatchObject({ summary: 'GAP: nobody on call (Platform)', end: '2026-06-01T14:00:00.000Z' });
  });

  it('?userId= limits the feed to one person', async () => {
    const res = await request(t.app).get(`${s.calendarFeed}&from=${FROM}&days=28&userId=${bob.id}`);
    const evs = events(res.text);
    expect(evs).toHaveLength(2);
    expect(evs.every((e) => e.summary.startsWith('On call: Bob'))).toBe(true);
  });

  it('the feed refuses the admin token, as ?token= and as a bearer header, and accepts its own token', async () => {
    const path = `/api/v1/schedules/${s.id}/calendar.ics?from=${FROM}&days=7`;
    expect((await request(t.app).get(`${path}&token=${t.token}`)).status).toBe(401);
    expect((await request(t.app).get(path).set('Authorization', `Bearer ${t.token}`)).status).toBe(401);
    const own = new URL(s.calendarFeed, 'http://x').searchParams.get('token');
    expect((await request(t.app).get(`${path}&token=${own}`)).status).toBe(200);
  });

  it('rotating the feed token revokes the old feed link and gives a working new one', async () => {
    const path = `/api/v1/schedules/${s.id}/calendar.ics?from=${FROM}&days=7`;
    const old = new URL(s.calendarFeed, 'http://x').searchParams.get('token');
    const rotated = await request(t.app).post(`/api/v1/schedules/${s.id}/rotate-feed-token`).set('Authorization', `Bearer ${t.token}`).expect(200);
    const fresh = new URL(rotated.body.calendarFeed, 'http://x').searchParams.get('token');
    expect((await request(t.app).get(`${path}&token=${old}`)).status).toBe(401);
    expect((await request(t.app).get(`${path}&token=${fresh}`)).status).toBe(200);
    s = { ...s, calendarFeed: rotated.body.calendarFeed };
  });

  it('without a token or with a wrong one the feed is 401; an unknown schedule is 404', async () => {
    expect((await request(t.app).get(`/api/v1/schedules/${s.id}/calendar.ics`)).status).toBe(401);
    expect((await request(t.app).get(`/api/v1/schedules/${s.id}/calendar.ics?token=wrong`)).status).toBe(401);
    const other = await aSchedule(t, {}, [alice.id]);
    const otherToken = new URL(other.calendarFeed, 'http://x').searchParams.get('token');
    expect((await request(t.app).get(`/api/v1/schedules/${s.id}/calendar.ics?token=${otherToken}`)).status).toBe(401);
    expect((await request(t.app).get(`/api/v1/schedules/0123456789abcdef01234567/calendar.ics?token=${t.token}`)).status).toBe(404);
  });
});

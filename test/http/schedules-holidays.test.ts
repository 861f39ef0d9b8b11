import request from 'supertest';
import { buildTestApp, type TestApp } from '../fixtures/app';
import { aSchedule, post, someUsers, type UserRes } from '../fixtures/builders';

let t: TestApp;
let alice: UserRes, bob: UserRes, carol: UserRes;
const auth = () => ({ Authorization: `Bearer ${t.token}` });
const get = (path: string) => request(t.app).get(`/api/v1/schedules/${path}`).set(auth());

const ICS = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//Test//Holidays//EN',
  'BEGIN:VEVENT',
  'UID:xmas@test',
  'DTSTART;VALUE=DATE:20261225',
  'DTEND;VALUE=DATE:20261226',
  'SUMMARY:Christmas Day',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:ny@test',
  'DTSTART;VALUE=DATE:20270101',
  'SUMMARY:New Year\\, at last',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

beforeAll(async () => {
  t = await buildTestApp();
  [alice, bob, carol] = (await someUsers(t, ['Alice', 'Bob', 'Carol'])) as [UserRes, UserRes, UserRes];
});
afterAll(async () => {
  await t.close();
});

describe('holidays', () => {
  it('are created, listed by date, refused twice on the same date, and deleted', async () => {
    const s = await aSchedule(t, {}, [alice.id, bob.id]);
    const h = await post(t, `/schedules/${s.id}/holidays`, { date: '2026-12-25', name: 'Christmas' });
    expect(h).toMatchObject({ date: '2026-12-25', name: 'Christmas' });
    await post(t, `/schedules/${s.id}/holidays`, { date: '2026-07-04', name: 'Independence Day' });
    const dup = await request(t.app).post(`/api/v1/schedules/${s.id}/holidays`).set(auth()).send({ date: '2026-12-25', name: 'Again' });
    expect(dup.status).toBe(409);
    expect((await get(`${s.id}/holidays`)).body.data.map((x: { date: string }) => x.date)).toEqual(['2026-07-04', '2026-12-25']);
    expect((await get(`${s.id}/holidays?from=2026-12-01`)).body.data).toHaveLength(1);
    expect((await request(t.app).delete(`/api/v1/schedules/${s.id}/holidays/${h.id}`).set(auth())).status).toBe(204);
    expect((await get(`${s.id}/holidays`)).body.data).toHaveLength(1);
  });

  it('a holiday on a date that does not exist is a 400 naming date', async () => {
    const s = await aSchedule(t, {}, [alice.id]);
    const res = await request(t.app).post(`/api/v1/schedules/${s.id}/holidays`).set(auth()).send({ date: '2026-02-29', name: 'Leap' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^date: /);
  });

  it('import from an .ics file; importing it again changes nothing', async () => {
    const s = await aSchedule(t, {}, [alice.id]);
    const send = () => request(t.app).post(`/api/v1/schedules/${s.id}/holidays/import`).set(auth()).set('Content-Type', 'text/calendar').send(ICS);
    const first = await send();
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ imported: 2, updated: 0 });
    expect(first.body.holidays.map((h: { date: string; name: string }) => [h.date, h.name])).toEqual([
      ['2026-12-25', 'Christmas Day'],
      ['2027-01-01', 'New Year, at last'],
    ]);
    expect((await send()).body).toMatchObject({ imported: 0, updated: 0 });
  });

  it('an import that is not iCalendar is a 400', async () => {
    const s = await aSchedule(t, {}, [alice.id]);
    const res = await request(t.app).post(`/api/v1/schedules/${s.id}/holidays/import`).set(auth()).set('Content-Type', 'text/calendar').send('hello');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^body: /);
  });

  it('holidays are named in shift previews, and the holiday rotation takes the holiday', async () => {
    const s = await aSchedule(
      t,
      { rotationType: 'daily', handoffDay: undefined, startDate: '2026-12-01', holidayRotation: { members: [{ userId: carol.id }] } },
      [alice.id, bob.id],
    );
    await post(t, `/schedules/${s.id}/holidays`, { date: '2026-12-25', name: 'Christmas' });
    const shifts = (await get(`${s.id}/shifts?from=2026-12-24T18:00:00Z&to=2026-12-26T18:00:00Z`)).body.data;
    const xmas = shifts.filter((x: { holiday?: string }) => x.holiday === 'Christmas');
    expect(xmas.length).toBeGreaterThan(0);
    expect(xmas.every((x: { name: string }) => x.name === 'Carol')).toBe(true);
    expect((await get(`${s.id}/oncall?at=2026-12-25T18:00:00Z`)).body).toMatchObject({ name: 'Carol', source: 'holiday', holiday: 'Christmas' });
  });
});

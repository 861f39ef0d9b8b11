import { DateTime } from 'luxon';
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

const RECURRING_ICS = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//Test//Holidays//EN',
  'BEGIN:VEVENT',
  'UID:thanksgiving@test',
  'DTSTART;VALUE=DATE:20261126',
  'RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=4TH',
  'SUMMARY:Thanksgiving',
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

  it('a recurring event is imported once per year up to ?through, and up to the end of the year after next by default', async () => {
    const send = (scheduleId: string, query: string) =>
      request(t.app).post(`/api/v1/schedules/${scheduleId}/holidays/import${query}`).set(auth()).set('Content-Type', 'text/calendar').send(RECURRING_ICS);
    const res = await send((await aSchedule(t, {}, [alice.id])).id, '?through=2027-12-31');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ imported: 2, updated: 0 });
    expect(res.body.holidays.map((h: { date: string; name: string }) => [h.date, h.name])).toEqual([
      ['2026-11-26', 'Thanksgiving'],
      ['2027-11-25', 'Thanksgiving'],
    ]);

    const yearAfterNext = DateTime.now().setZone('America/Chicago').year + 2;
    const byDefault = await send((await aSchedule(t, {}, [alice.id])).id, '');
    expect(byDefault.status).toBe(201);
    const years = byDefault.body.holidays.map((h: { date: string }) => Number(h.date.slice(0, 4)));
    expect(Math.max(...years)).toBe(yearAfterNext);
    expect(years).toEqual(Array.from({ length: yearAfterNext - 2026 + 1 }, (_, i) => 2026 + i));
  });

  it('a bad or too distant ?through is a 400 naming through, and nothing is imported', async () => {
    const s = await aSchedule(t, {}, [alice.id]);
    const send = (through: string) =>
      request(t.app)
        .post(`/api/v1/schedules/${s.id}/holidays/import?through=${through}`)
        .set(auth())
        .set('Content-Type', 'text/calendar')
        .send(RECURRING_ICS);
    const tooFar = DateTime.now().setZone('America/Chicago').plus({ years: 10, days: 2 }).toISODate();
    for (const [through, message] of [
      ['2027-02-30', /^through: is not a real calendar date/],
      ['next-year', /^through: must be a date YYYY-MM-DD/],
      [tooFar, /^through: must be at most 10 years ahead/],
    ] as const) {
      const res = await send(through!);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(message);
    }
    expect((await get(`${s.id}/holidays`)).body.data).toEqual([]);
  });

  it('an import with a broken RRULE is a 400 naming the event', async () => {
    const s = await aSchedule(t, {}, [alice.id]);
    const res = await request(t.app)
      .post(`/api/v1/schedules/${s.id}/holidays/import`)
      .set(auth())
      .set('Content-Type', 'text/calendar')
      .send(RECURRING_ICS.replace('FREQ=YEARLY', 'FREQ=SOMETIMES'));
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^body: VEVENT at line 4 \("Thanksgiving"\): bad RRULE .*unknown FREQ "SOMETIMES"/);
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

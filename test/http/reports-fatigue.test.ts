import { Types } from 'mongoose';
import { createAlertRepository } from '../../src/db/alert.repository';
import { notificationAttemptModel } from '../../src/db/notification-attempt.model';
import type { User } from '../../src/db/user.repository';
import { buildTestApp, type TestApp } from '../fixtures/app';
import { warmUpDatabase } from '../fixtures/stack-warmup';
import { aScheduleInDb, aUserInDb, admin } from '../fixtures/alerting.builders';

/**
 * GET /api/v1/reports/fatigue on real Mongo. The schedule rotates weekly at Monday 09:00 Chicago from
 * Monday 2 November 2026: Alice that week, Bob the next, and so on.
 */
let t: TestApp;
let api: ReturnType<typeof admin>;
let alice: User;
let bob: User;
let carol: User;
let scheduleId: string;
const A1 = new Types.ObjectId().toHexString();
const A2 = new Types.ObjectId().toHexString();

async function anAlert(alertId: string, ack?: { by: string; at: string }) {
  const alerts = createAlertRepository(t.conn);
  const createdAt = '2026-11-01T00:00:00.000Z';
  await alerts.open({ alertId, title: 'Disk full', description: '', severity: 'high', source: 'test', escalationPolicyId: 'p', createdAt }, `alert:${alertId}`, { key: 'triggered', action: 'triggered', actor: 'test', timestamp: createdAt });
  if (ack) await alerts.project(alertId, { status: 'acknowledged', acknowledgedBy: ack.by, acknowledgedAt: ack.at }, []);
}
let n = 0;
const aPage = (user: User, alertId: string, at: string, channel: 'phone_call' | 'sms' = 'phone_call') =>
  notificationAttemptModel(t.conn).create({
    key: `${alertId}:0:0:${++n}:${user.id}:${channel}`, alertId, round: 0, level: '0', attempt: n, userId: user.id, channel, recipient: user.phone,
    providerId: `CA${n}`, status: 'initiated', error: null, createdAt: new Date(at),
  });

beforeAll(async () => {
  t = await buildTestApp();
  await warmUpDatabase(t.conn);
  api = admin(t);
  alice = await aUserInDb(t.conn, { name: 'Alice', timezone: 'America/Chicago' });
  bob = await aUserInDb(t.conn, { name: 'Bob', timezone: 'Europe/London' });
  carol = await aUserInDb(t.conn, { name: 'Carol, outside', timezone: 'UTC' });
  scheduleId = (await aScheduleInDb(t.conn, [alice.id, bob.id], { startDate: '2026-11-02', handoffTime: '09:00', handoffDay: 1 })).id;
  await anAlert(A1);
  await anAlert(A2, { by: 'Bob', at: '2026-11-10T15:02:00.000Z' });
  await aPage(alice, A1, '2026-11-03T08:00:00Z'); // 02:00 in Chicago, on call: a night interruption
  await aPage(alice, A1, '2026-11-03T08:00:30Z', 'sms'); // its SMS fallback: the same interruption
  await aPage(alice, A2, '2026-11-10T15:00:00Z'); // Bob's week: not paged for this schedule
  await aPage(bob, A2, '2026-11-10T15:00:00Z'); // Bob on call; acknowledged 120 s later
  await aPage(carol, A1, '2026-11-04T12:00:00Z'); // someone outside the schedule
});
afterAll(async () => {
  await t.close();
});

interface Person {
  userId: string;
  name: string;
  onCallHours: { total: number; business: number; afterHours: number; weekend: number; holiday: number };
  pages: number;
  notifications: number;
  interruptions: number;
  nightInterruptions: number;
  meanAckSeconds: number | null;
  worstAckSeconds: number | null;
  warnings: { code: string }[];
}
const people = (body: { people: Person[] }) => Object.fromEntries(body.people.map((p) => [p.name, p]));

describe('GET /api/v1/reports/fatigue', () => {
  it("with scheduleId, only the schedule's members and the pages they got while on call for it are counted", async () => {
    const res = await api.get(`/reports/fatigue?month=2026-11&scheduleId=${scheduleId}`);
    expect(res.status).toBe(200);
    expect(res.body.people.map((p: Person) => p.name).sort()).toEqual(['Alice', 'Bob']);
    const { Alice, Bob } = people(res.body);
    expect(Alice).toMatchObject({ pages: 1, notifications: 2, interruptions: 1, nightInterruptions: 1, meanAckSeconds: null });
    expect(Bob).toMatchObject({ pages: 1, notifications: 1, interruptions: 1, nightInterruptions: 0, meanAckSeconds: 120, worstAckSeconds: 120 });
  });

  it("splits each person's on-call hours in their own zone, the splits add up, and the team mean is given", async () => {
    const { body } = await api.get(`/reports/fatigue?month=2026-11&scheduleId=${scheduleId}`);
    for (const p of body.people as Person[]) {
      const h = p.onCallHours;
      expect(h.business + h.afterHours + h.weekend + h.holiday).toBeCloseTo(h.total, 1);
      expect(h.business).toBeGreaterThan(0);
      expect(h.weekend).toBeGreaterThan(0);
    }
    // From Monday 2 November 09:00 Chicago to the end of the month (CST, after the DST change of the 1st).
    const total = (body.people as Person[]).reduce((s, p) => s + p.onCallHours.total, 0);
    expect(total).toBeCloseTo(28 * 24 + 15, 1);
    expect(body.team).toMatchObject({ people: 2, onCallHours: Math.round((total / 2) * 100) / 100, meanAckSeconds: 120 });
  });

  it('without scheduleId, every page in the system counts, including people outside any rotation', async () => {
    const res = await api.get('/reports/fatigue?month=2026-11');
    expect(res.status).toBe(200);
    const all = people(res.body);
    expect(all['Carol, outside']).toMatchObject({ pages: 1, notifications: 1 });
    expect(all.Alice).toMatchObject({ pages: 2, notifications: 3 });
  });

  it('serves CSV for Accept: text/csv, one row per person and a team-mean row, quoting a name with a comma', async () => {
    const res = await api.get('/reports/fatigue?month=2026-11').set('Accept', 'text/csv');
    expect(res.status).toBe(200);
    expect(res.type).toBe('text/csv');
    const lines = res.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('month,userId,name,timezone,onCallHours,businessHours,afterHours,weekendHours,holidayHours,pages,notifications,interruptions,nightInterruptions,acknowledged,meanAckSeconds,worstAckSeconds,warnings');
    expect(lines).toHaveLength(1 + 3 + 1);
    expect(lines.find((l) => l.includes(carol.id))).toContain(`,"Carol, outside",UTC,0,`);
    expect(lines.at(-1)).toMatch(/^2026-11,team-mean,team mean \(3 people\),America\/Chicago,/); // the only schedule's zone
  });

  it('serves CSV for ?format=csv too, as an attachment', async () => {
    const res = await api.get(`/reports/fatigue?month=2026-11&scheduleId=${scheduleId}&format=csv`);
    expect(res.type).toBe('text/csv');
    expect(res.headers['content-disposition']).toContain(`fatigue-2026-11-${scheduleId}.csv`);
    expect(res.text.split('\r\n').filter(Boolean)).toHaveLength(1 + 2 + 1);
  });

  it('a bad month is 400 naming the field; an unknown schedule is 404', async () => {
    const bad = await api.get('/reports/fatigue?month=2026-13');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error.details)).toContain('month');
    expect((await api.get(`/reports/fatigue?month=2026-11&scheduleId=${new Types.ObjectId().toHexString()}`)).status).toBe(404);
    expect((await api.get('/reports/fatigue?month=2026-11&format=xml')).status).toBe(400);
  });
});

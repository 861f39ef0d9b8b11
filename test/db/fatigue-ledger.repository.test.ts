import { Types } from 'mongoose';
import { createAlertRepository } from '../../src/db/alert.repository';
import { fatigueLedgerModel } from '../../src/db/fatigue/fatigue-ledger.model';
import { pagesBetween } from '../../src/db/fatigue/fatigue-ledger.repository';
import { LedgerCache } from '../../src/db/fatigue/ledger-cache';
import { buildFatigueReport } from '../../src/db/fatigue/fatigue.repository';
import { notificationAttemptModel } from '../../src/db/notification-attempt.model';
import type { User } from '../../src/db/user.repository';
import { buildTestApp, type TestApp } from '../fixtures/app';
import { aUserInDb } from '../fixtures/alerting.builders';

/**
 * The fatigue ledger on real Mongo: a month that is over is rolled up per UTC day on its first report, and
 * later reports read the roll-up, giving exactly what the attempts themselves give.
 */
let t: TestApp;
let alice: User;
let bob: User;
const RESOLVED = new Types.ObjectId().toHexString();
const OPEN = new Types.ObjectId().toHexString();
const AS_OCTOBER_BEGAN = new Date('2026-10-01T00:30:00Z');

let n = 0;
const aPage = (user: User, alertId: string, at: Date | string, channel: 'phone_call' | 'sms' = 'phone_call') =>
  notificationAttemptModel(t.conn).create({
    key: `${alertId}:0:0:${++n}:${user.id}:${channel}`, alertId, round: 0, level: '0', attempt: n, userId: user.id, channel, recipient: user.phone,
    providerId: `CA${n}`, status: 'initiated', error: null, createdAt: new Date(at),
  });

async function anAlert(alertId: string) {
  const createdAt = '2026-10-01T00:00:00.000Z';
  await createAlertRepository(t.conn).open({ alertId, title: 'Disk full', description: '', severity: 'high', source: 'test', escalationPolicyId: 'p', createdAt }, `alert:${alertId}`, { key: 'triggered', action: 'triggered', actor: 'test', timestamp: createdAt });
}
const october = (now?: Date) => buildFatigueReport(t.conn, { month: '2026-10', timezone: 'UTC' }, now);
const byName = (r: Awaited<ReturnType<typeof october>>) => Object.fromEntries(r!.people.map((p) => [p.name, p]));

beforeAll(async () => {
  t = await buildTestApp();
  alice = await aUserInDb(t.conn, { name: 'Alice L', timezone: 'UTC' });
  bob = await aUserInDb(t.conn, { name: 'Bob L', timezone: 'America/New_York' });
  await anAlert(RESOLVED);
  await anAlert(OPEN);
  await createAlertRepository(t.conn).project(RESOLVED, { status: 'resolved', acknowledgedBy: 'Bob L', acknowledgedAt: '2026-10-03T03:01:30Z', resolvedBy: 'Bob L', resolvedAt: '2026-10-03T04:00:00Z' }, []);
  await aPage(bob, RESOLVED, '2026-10-03T03:00:00Z'); // 23:00 in New York: a night interruption, acknowledged 90 s later
  await aPage(bob, RESOLVED, '2026-10-03T03:00:20Z', 'sms');
  await aPage(alice, OPEN, '2026-10-31T23:59:59Z'); // the month's last second
  await aPage(alice, OPEN, '2026-09-30T23:59:59Z'); // the month before
  await aPage(alice, OPEN, '2026-11-01T00:00:00Z'); // the month after
});
afterAll(() => t.close());

describe('the fatigue ledger', () => {
  it('a month that is over reads the same from its roll-up as from the attempts, and is rolled up once', async () => {
    const live = await october(AS_OCTOBER_BEGAN); // nothing rolled up yet: every page read from the attempts
    expect(await fatigueLedgerModel(t.conn).countDocuments({})).toBe(0);
    const first = await october(); // rolls October up
    const days = await fatigueLedgerModel(t.conn).find({}).lean();
    expect(days.map((d) => d._id).sort()).toEqual(Array.from({ length: 31 }, (_, i) => `2026-10-${String(i + 1).padStart(2, '0')}`));
    const second = await october();
    expect(first!.people).toEqual(live!.people);
    expect(second!.people).toEqual(live!.people);
    expect(byName(second)['Bob L']).toMatchObject({ pages: 1, notifications: 2, interruptions: 1, nightInterruptions: 1, acknowledged: 1, meanAckSeconds: 90 });
    expect(byName(second)['Alice L']).toMatchObject({ pages: 1, notifications: 1 });
    expect((await fatigueLedgerModel(t.conn).find({}).lean()).map((d) => d.builtAt.getTime())).toEqual(days.map((d) => d.builtAt.getTime()));
  });

  it('an alert still open when its day was rolled up: its later acknowledgement is counted', async () => {
    expect(byName(await october())['Alice L']).toMatchObject({ acknowledged: 0, meanAckSeconds: null });
    await createAlertRepository(t.conn).project(OPEN, { status: 'acknowledged', acknowledgedBy: alice.id, acknowledgedAt: '2026-11-01T00:02:01Z' }, []);
    expect(byName(await october())['Alice L']).toMatchObject({ acknowledged: 1, meanAckSeconds: 122 });
  });

  it("today's pages count as they are recorded", async () => {
    const now = new Date();
    const month = now.toISOString().slice(0, 7);
    const report = () => buildFatigueReport(t.conn, { month, timezone: 'UTC' });
    const before = byName(await report())['Alice L']?.notifications ?? 0;
    await aPage(alice, OPEN, now);
    expect(byName(await report())['Alice L']!.notifications).toBe(before + 1);
    await aPage(alice, OPEN, now);
    expect(byName(await report())['Alice L']!.notifications).toBe(before + 2);
  });

  it('a busy day spills into parts and reads back whole; a lost part has its day rolled up again', async () => {
    const day = { from: new Date('2026-08-15T00:00:00Z'), to: new Date('2026-08-16T00:00:00Z') };
    for (let i = 0; i < 7; i++) await aPage(i % 2 ? alice : bob, RESOLVED, new Date(day.from.getTime() + i * 60_000));
    const read = () => pagesBetween(t.conn, day.from, day.to, new Date(), { pagesPerPart: 3 });
    expect((await read()).pages).toHaveLength(7);
    const parts = await fatigueLedgerModel(t.conn).find({ day: '2026-08-15' }).lean();
    expect(parts.map((p) => [p._id, p.pages.length, p.parts])).toEqual(expect.arrayContaining([['2026-08-15', 3, 3], ['2026-08-15#1', 3, 3], ['2026-08-15#2', 1, 3]]));
    expect((await read()).settled.get(RESOLVED)).toMatchObject({ by: 'Bob L' });

    await fatigueLedgerModel(t.conn).deleteOne({ _id: '2026-08-15#1' });
    expect((await read()).pages.map((p) => p.at.getTime()).sort()).toEqual(Array.from({ length: 7 }, (_, i) => day.from.getTime() + i * 60_000));
    expect(await fatigueLedgerModel(t.conn).countDocuments({ day: '2026-08-15' })).toBe(3);
    expect((await pagesBetween(t.conn, day.from, day.to, new Date(), { members: [alice.id], pagesPerPart: 3 })).pages).toHaveLength(3);
  });

  it('with a cache, a day read before comes from the process and reads the same as from the database', async () => {
    const day = { from: new Date('2026-07-04T00:00:00Z'), to: new Date('2026-07-05T00:00:00Z') };
    for (let i = 0; i < 5; i++) await aPage(i % 2 ? alice : bob, RESOLVED, new Date(day.from.getTime() + i * 60_000));
    const cache = new LedgerCache();
    const read = (opts: { cache?: LedgerCache; members?: string[] } = {}) => pagesBetween(t.conn, day.from, day.to, new Date(), { pagesPerPart: 2, ...opts });
    const first = await read({ cache }); // rolls the day up (three parts) and keeps it
    expect(cache.size).toBe(8); // five pages, and the resolved alert's acknowledgement in each of the three parts
    const finds = jest.spyOn(fatigueLedgerModel(t.conn), 'find');
    try {
      const again = await read({ cache });
      expect(finds).not.toHaveBeenCalled();
      expect(again.pages).toEqual(first.pages);
      expect([...again.settled]).toEqual([...first.settled]);
      expect((await read({ cache, members: [alice.id] })).pages.map((p) => p.userId)).toEqual([alice.id, alice.id]);
    } finally {
      finds.mockRestore();
    }
    const fromDatabase = await read(); // no cache: the stored parts, as another process reads them
    expect(fromDatabase.pages).toEqual(first.pages);
    expect([...fromDatabase.settled]).toEqual([...first.settled]);
  });

  it('a report keeps the days it read for the next report', async () => {
    const finds = jest.spyOn(fatigueLedgerModel(t.conn), 'find');
    try {
      const first = await october();
      const before = finds.mock.calls.length;
      expect((await october())!.people).toEqual(first!.people);
      expect(finds.mock.calls.length).toBe(before); // no ledger read at all
    } finally {
      finds.mockRestore();
    }
  });

  it("a rolled-up month keeps its figures even when its attempts are later purged", async () => {
    const kept = await october();
    await notificationAttemptModel(t.conn).deleteMany({ createdAt: { $gte: new Date('2026-10-01T00:00:00Z'), $lt: new Date('2026-11-01T00:00:00Z') } });
    expect((await october())!.people).toEqual(kept!.people);
    expect((await october(AS_OCTOBER_BEGAN))!.people.every((p) => p.notifications === 0)).toBe(true);
  });
});

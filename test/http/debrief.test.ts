import { Types } from 'mongoose';
import request from 'supertest';
import { alertModel } from '../../src/db/alert.model';
import { teamModel, teamResourceModel } from '../../src/db/identity/team.model';
import { ensureDefaultTeam } from '../../src/db/identity/teams.repository';
import { notificationAttemptModel } from '../../src/db/notification-attempt.model';
import { phoneLineCallModel } from '../../src/db/phone-line-call.model';
import { createUser } from '../../src/db/user.repository';
import { debriefText, type Debrief } from '../../src/domain/debrief';
import { buildTestApp, type TestApp } from '../fixtures/app';

let t: TestApp;
const auth = () => ({ Authorization: `Bearer ${t.token}` });
/** Chicago is UTC-6 in January. */
const chi = (day: string, hhmm: string) => new Date(`${day}T${hhmm}:00-06:00`);

beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

function aCall(at: Date, from: string, said: string | null, rung: string[], reachedName: string | null) {
  return {
    callSid: `CA${new Types.ObjectId().toHexString()}`,
    lineId: new Types.ObjectId().toHexString(),
    from,
    to: '+15550009999',
    emergency: true,
    reasonRecordingUrl: null,
    recordingUrl: null,
    recordingDuration: null,
    transcription: said,
    reachedName,
    hops: rung.map((name, i) => ({ key: `ring:${i}`, action: 'call_ringing', details: `ringing ${name} (+1555000${i})`, at })),
    alertClaimed: false,
    alertClaimedAt: null,
    alertDue: false,
    alertId: null,
    createdAt: at,
    updatedAt: at,
  };
}

describe('morning debrief', () => {
  it('a night with two calls and one alert lists both calls, the alert with its time to acknowledge, and who was woken', async () => {
    const alice = await createUser(t.conn, { name: 'Alice', email: 'alice@msp.test', phone: '+15550001111' });
    const bob = await createUser(t.conn, { name: 'Bob', email: 'bob@msp.test', phone: '+15550002222' });
    await phoneLineCallModel(t.conn).collection.insertMany([
      aCall(chi('2027-01-11', '17:30'), '+15557770000', 'before the night: not listed', ['Alice'], 'Alice'),
      aCall(chi('2027-01-11', '23:10'), '+15557771111', 'the VPN has been down for 20 minutes', ['Alice'], 'Alice'),
      aCall(chi('2027-01-12', '02:30'), '+15557772222', null, ['Alice', 'Bob'], null),
    ]);
    const alertId = new Types.ObjectId();
    const triggeredAt = chi('2027-01-12', '01:00');
    await alertModel(t.conn).collection.insertOne({
      _id: alertId,
      title: 'DB down',
      description: '',
      severity: 'critical',
      source: 'test',
      escalationPolicyId: 'policy-1',
      workflowId: `alert:${alertId.toHexString()}`,
      status: 'resolved',
      currentLevel: 0,
      round: 0,
      count: 1,
      exhausted: false,
      acknowledgedBy: alice.id,
      acknowledgedAt: chi('2027-01-12', '01:07'),
      resolvedBy: alice.id,
      resolvedAt: chi('2027-01-12', '01:30'),
      timeline: [],
      createdAt: triggeredAt,
      updatedAt: triggeredAt,
    });
    const attempt = (userId: string, channel: string, n: number, at: Date) => ({
      key: `${alertId.toHexString()}:0:0:${n}:${userId}:${channel}`,
      alertId: alertId.toHexString(),
      round: 0,
      level: '0',
      attempt: n,
      userId,
      channel,
      recipient: '+1555',
      providerId: `SID${n}`,
      status: 'sent',
      error: null,
      createdAt: at,
      updatedAt: at,
    });
    await notificationAttemptModel(t.conn).collection.insertMany([
      attempt(alice.id, 'phone_call', 0, triggeredAt),
      attempt(alice.id, 'sms', 1, triggeredAt),
      attempt(bob.id, 'phone_call', 2, chi('2027-01-12', '01:05')),
    ]);

    const res = await request(t.app).get('/api/v1/reports/debrief').query({ date: '2027-01-12', timezone: 'America/Chicago' }).set(auth());
    expect(res.status).toBe(200);
    const d = res.body as Debrief;
    expect(d.calls).toEqual([
      { at: '2027-01-12T05:10:00.000Z', caller: '+15557771111', line: null, said: 'the VPN has been down for 20 minutes', rung: ['Alice'], answeredBy: 'Alice' },
      { at: '2027-01-12T08:30:00.000Z', caller: '+15557772222', line: null, said: null, rung: ['Alice', 'Bob'], answeredBy: null },
    ]);
    expect(d.alerts).toEqual([
      expect.objectContaining({ title: 'DB down', acknowledgedBy: 'Alice', minutesToAck: 7, resolvedAt: '2027-01-12T07:30:00.000Z' }),
    ]);
    expect(d.woken).toEqual([
      { userId: alice.id, name: 'Alice', pages: 2, alerts: 1 },
      { userId: bob.id, name: 'Bob', pages: 1, alerts: 1 },
    ]);
    expect(d.summary).toEqual({ calls: 2, alerts: 1, acknowledged: 1, resolved: 1 });
    expect(debriefText(d)).toBe(
      [
        'Night of 2027-01-12: 2 call(s), 1 alert(s).',
        '23:10 call from +15557771111: "the VPN has been down for 20 minutes" — rang Alice; Alice answered.',
        '02:30 call from +15557772222 — rang Alice, Bob; nobody answered.',
        '01:00 alert "DB down" (critical) — acknowledged by Alice after 7 min, resolved 01:30.',
        'Woken: Alice 2×, Bob 1×.',
      ].join('\n'),
    );
  });

  it("with a team, only that team's lines and alerts are listed; unowned ones belong to the default team", async () => {
    const platform = String((await teamModel(t.conn).create({ name: 'Platform', isDefault: false }))._id);
    const defaultTeam = await ensureDefaultTeam(t.conn);
    const ownLine = new Types.ObjectId().toHexString();
    await teamResourceModel(t.conn).create({ kind: 'phone-line', resourceId: ownLine, teamId: platform });
    await phoneLineCallModel(t.conn).collection.insertMany([
      { ...aCall(chi('2027-02-01', '22:00'), '+15557773333', 'platform line', ['Alice'], 'Alice'), lineId: ownLine },
      aCall(chi('2027-02-01', '23:00'), '+15557774444', 'a line nobody owns', ['Bob'], 'Bob'),
    ]);
    const night = { date: '2027-02-02', timezone: 'America/Chicago' };
    const said = async (teamId: string) =>
      ((await request(t.app).get('/api/v1/reports/debrief').query({ ...night, teamId }).set(auth()).expect(200)).body as Debrief).calls.map((c) => c.said);
    expect(await said(platform)).toEqual(['platform line']);
    expect(await said(defaultTeam)).toEqual(['a line nobody owns']);
  });

  it('a date that is not YYYY-MM-DD is refused with a 400 naming the field', async () => {
    const res = await request(t.app).get('/api/v1/reports/debrief').query({ date: '12/01/2027' }).set(auth());
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.error.details)).toContain('date');
  });
});

import { createTargetDirectory } from '../../src/db/directory';
import { buildTestApp, type TestApp } from '../fixtures/app';
import { aSchedule, aUser, type UserRes } from '../fixtures/builders';

let t: TestApp;
let alice: UserRes;
let bob: UserRes;

beforeAll(async () => {
  t = await buildTestApp();
  alice = await aUser(t, { name: 'Alice', timezone: 'America/Chicago', notificationPrefs: { channels: ['phone_call', 'sms'], quietHours: { start: '22:00', end: '07:00' } } });
  bob = await aUser(t, { name: 'Bob' });
});
afterAll(async () => {
  await t.close();
});

describe('TargetDirectory backed by the schedules store', () => {
  it('getUser returns the person the escalation pages, or null', async () => {
    const dir = createTargetDirectory(t.conn);
    expect(await dir.getUser(alice.id)).toEqual({
      id: alice.id,
      name: 'Alice',
      phone: alice.phone,
      timezone: 'America/Chicago',
      notificationPrefs: { channels: ['phone_call', 'sms'], quietHours: { start: '22:00', end: '07:00' } },
    });
    expect(await dir.getUser('0123456789abcdef01234567')).toBeNull();
    expect(await dir.getUser('not-an-id')).toBeNull();
  });

  it('onCallForSchedule resolves the rotation at the given instant', async () => {
    const s = await aSchedule(t, { startDate: '2026-06-15', handoffDay: 1 }, [alice.id, bob.id]);
    const dir = createTargetDirectory(t.conn);
    expect((await dir.onCallForSchedule(s.id, new Date('2026-06-16T12:00:00Z'))).person?.name).toBe('Alice');
    expect((await dir.onCallForSchedule(s.id, new Date('2026-06-23T12:00:00Z'))).person?.name).toBe('Bob');
  });

  it('says why nobody is on call: unknown schedule, or a gap in the schedule', async () => {
    const dir = createTargetDirectory(t.conn);
    expect(await dir.onCallForSchedule('0123456789abcdef01234567', new Date())).toEqual({ person: null, reason: 'unknown schedule 0123456789abcdef01234567' });
    const s = await aSchedule(t, { startDate: '2030-01-07' }, [alice.id]);
    expect(await dir.onCallForSchedule(s.id, new Date('2026-06-16T12:00:00Z'))).toEqual({ person: null, reason: 'rotation not started' });
  });
});

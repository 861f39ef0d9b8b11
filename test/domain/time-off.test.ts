import { resolveOnCall, shiftsBetween } from '../../src/domain/schedule-resolve';
import { fairnessLedger } from '../../src/domain/time-off-ledger';
import { aLayer, aSchedule, anOverride, aTimeOff, utc } from './fixtures/schedule.fixtures';

// Daily 09:00 Chicago (15:00Z in March before DST) from 2026-03-02: alice, bob, carol, alice...
const base = () => aSchedule({ layers: [aLayer({ startDate: '2026-03-02' })] });

describe('time off', () => {
  test('when the scheduled member is away, the next available member in rotation order covers, and it is recorded', () => {
    const s = base();
    s.timeOff = [aTimeOff({ userId: 'bob', startsAt: utc('2026-03-03T00:00Z'), endsAt: utc('2026-03-04T00:00Z'), reason: 'dentist' })];
    expect(resolveOnCall(s, utc('2026-03-03T16:00Z'))).toMatchObject({
      userId: 'carol',
      source: 'cover',
      coveringFor: 'bob',
      reason: 'dentist',
      shiftStart: utc('2026-03-03T15:00Z'),
      shiftEnd: utc('2026-03-04T00:00Z'),
    });
    expect(resolveOnCall(s, utc('2026-03-04T01:00Z'))).toMatchObject({ userId: 'bob', source: 'rotation' });
  });

  test('cover wraps round the rotation and skips members who are away too', () => {
    const s = base();
    const away = (userId: string) => aTimeOff({ userId, startsAt: utc('2026-03-04T00:00Z'), endsAt: utc('2026-03-05T00:00Z') });
    s.timeOff = [away('carol'), away('alice')];
    expect(resolveOnCall(s, utc('2026-03-04T16:00Z'))).toMatchObject({ userId: 'bob', source: 'cover', coveringFor: 'carol' });
  });

  test('when every member is away the gap is explicit', () => {
    const s = base();
    s.timeOff = ['alice', 'bob', 'carol'].map((userId) => aTimeOff({ userId, startsAt: utc('2026-03-04T00:00Z'), endsAt: utc('2026-03-05T00:00Z') }));
    expect(resolveOnCall(s, utc('2026-03-04T16:00Z'))).toMatchObject({ userId: null, reason: 'all members unavailable', layerIndex: 0 });
  });

  test('an explicit override still applies to a member on time off', () => {
    const s = base();
    s.timeOff = [aTimeOff({ userId: 'zoe', startsAt: utc('2026-03-01T00:00Z'), endsAt: utc('2026-04-01T00:00Z') })];
    s.overrides = [anOverride({ userId: 'zoe', startsAt: utc('2026-03-03T00:00Z'), endsAt: utc('2026-03-04T00:00Z') })];
    expect(resolveOnCall(s, utc('2026-03-03T16:00Z'))).toMatchObject({ userId: 'zoe', source: 'override' });
  });

  test('an override replacing the away member also replaces whoever covers for them', () => {
    const s = base();
    s.timeOff = [aTimeOff({ userId: 'bob', startsAt: utc('2026-03-03T00:00Z'), endsAt: utc('2026-03-04T00:00Z') })];
    s.overrides = [anOverride({ userId: 'dave', replacesUserId: 'bob', startsAt: utc('2026-03-03T00:00Z'), endsAt: utc('2026-03-04T00:00Z') })];
    expect(resolveOnCall(s, utc('2026-03-03T16:00Z'))).toMatchObject({ userId: 'dave', coveringFor: 'bob' });
  });
});

describe('fairness ledger', () => {
  test('it sums the hours each member covered for another and nets what they owe each other', () => {
    const s = base();
    s.timeOff = [
      // carol covers bob's 24 h on Mar 3; later alice is away on her Mar 5 shift for 10 h and bob covers.
      aTimeOff({ userId: 'bob', startsAt: utc('2026-03-03T15:00Z'), endsAt: utc('2026-03-04T15:00Z') }),
      aTimeOff({ userId: 'alice', startsAt: utc('2026-03-05T15:00Z'), endsAt: utc('2026-03-06T01:00Z') }),
      // then carol is away 4 h on her Mar 7 shift and alice covers... and bob on Mar 9 is covered by carol 2 h.
      aTimeOff({ userId: 'carol', startsAt: utc('2026-03-07T15:00Z'), endsAt: utc('2026-03-07T19:00Z') }),
      aTimeOff({ userId: 'bob', startsAt: utc('2026-03-09T14:00Z'), endsAt: utc('2026-03-09T16:00Z') }),
    ];
    const ledger = fairnessLedger(s, utc('2026-03-01T00:00Z'), utc('2026-03-15T00:00Z'));
    expect(ledger.covers).toEqual(
      expect.arrayContaining([
        { coverUserId: 'carol', coveredUserId: 'bob', hours: 26 },
        { coverUserId: 'bob', coveredUserId: 'alice', hours: 10 },
        { coverUserId: 'alice', coveredUserId: 'carol', hours: 4 },
      ]),
    );
    expect(ledger.covers).toHaveLength(3);
    expect(ledger.balances).toEqual(
      expect.arrayContaining([
        { userId: 'carol', hoursCovered: 26, hoursCoveredFor: 4, balance: 22 },
        { userId: 'bob', hoursCovered: 10, hoursCoveredFor: 26, balance: -16 },
        { userId: 'alice', hoursCovered: 4, hoursCoveredFor: 10, balance: -6 },
      ]),
    );
    expect(ledger.debts).toEqual(
      expect.arrayContaining([
        { debtorUserId: 'bob', creditorUserId: 'carol', hours: 26 },
        { debtorUserId: 'alice', creditorUserId: 'bob', hours: 10 },
        { debtorUserId: 'carol', creditorUserId: 'alice', hours: 4 },
      ]),
    );
  });

  test('covers in both directions between two members are netted into one debt', () => {
    const s = base();
    s.timeOff = [
      aTimeOff({ userId: 'bob', startsAt: utc('2026-03-03T15:00Z'), endsAt: utc('2026-03-04T01:00Z') }),
      aTimeOff({ userId: 'carol', startsAt: utc('2026-03-04T15:00Z'), endsAt: utc('2026-03-04T19:00Z') }),
      aTimeOff({ userId: 'alice', startsAt: utc('2026-03-04T15:00Z'), endsAt: utc('2026-03-04T19:00Z') }),
    ];
    const shifts = shiftsBetween(s, utc('2026-03-04T15:00Z'), utc('2026-03-04T19:00Z'));
    expect(shifts[0]).toMatchObject({ userId: 'bob', coveringFor: 'carol' });
    const ledger = fairnessLedger(s, utc('2026-03-01T00:00Z'), utc('2026-03-10T00:00Z'));
    expect(ledger.debts).toEqual([{ debtorUserId: 'bob', creditorUserId: 'carol', hours: 6 }]);
  });

  test('swaps count only when asked, and a complete swap nets to nothing', () => {
    const s = base();
    s.overrides = [
      anOverride({ userId: 'bob', replacesUserId: 'alice', startsAt: utc('2026-03-02T15:00Z'), endsAt: utc('2026-03-03T15:00Z') }),
      anOverride({ userId: 'alice', replacesUserId: 'bob', startsAt: utc('2026-03-03T15:00Z'), endsAt: utc('2026-03-04T15:00Z') }),
    ];
    const range = [utc('2026-03-01T00:00Z'), utc('2026-03-10T00:00Z')] as const;
    expect(fairnessLedger(s, ...range).covers).toEqual([]);
    const withOverrides = fairnessLedger(s, ...range, { includeOverrides: true });
    expect(withOverrides.covers).toHaveLength(2);
    expect(withOverrides.debts).toEqual([]);
  });
});

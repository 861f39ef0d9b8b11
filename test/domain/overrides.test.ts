import { swapShifts } from '../../src/domain/override-swap';
import { ScheduleError } from '../../src/domain/schedule-errors';
import { resolveOnCall, shiftsBetween } from '../../src/domain/schedule-resolve';
import type { Override, Schedule } from '../../src/domain/schedule.types';
import { aLayer, aSchedule, anOverride, members, prng, utc } from './fixtures/schedule.fixtures';

// Daily 09:00 Chicago from 2026-03-02: alice (Mar 2), bob (Mar 3), carol (Mar 4), alice (Mar 5)...
const base = () => aSchedule({ layers: [aLayer({ startDate: '2026-03-02' })] });

describe('overrides', () => {
  test('a whole-schedule override replaces whoever is on call and the schedule reverts when it ends', () => {
    const s = base();
    s.overrides = [anOverride({ userId: 'zoe', startsAt: utc('2026-03-03T20:00Z'), endsAt: utc('2026-03-05T02:00Z'), reason: 'conference' })];
    expect(resolveOnCall(s, utc('2026-03-03T19:59Z')).userId).toBe('bob');
    expect(resolveOnCall(s, utc('2026-03-04T18:00Z'))).toMatchObject({
      userId: 'zoe',
      source: 'override',
      overrideId: s.overrides[0]!.id,
      reason: 'conference',
      shiftStart: utc('2026-03-03T20:00Z'),
      shiftEnd: utc('2026-03-05T02:00Z'),
    });
    expect(resolveOnCall(s, utc('2026-03-05T02:00Z'))).toMatchObject({ userId: 'carol', source: 'rotation', shiftEnd: utc('2026-03-05T15:00Z') });
  });

  test('an override replacing one member applies only while that member would be on call', () => {
    const s = base();
    s.overrides = [anOverride({ userId: 'dave', replacesUserId: 'bob', startsAt: utc('2026-03-02T00:00Z'), endsAt: utc('2026-03-09T00:00Z') })];
    const who = shiftsBetween(s, utc('2026-03-02T15:00Z'), utc('2026-03-06T15:00Z')).map((x) => [x.userId, x.source, x.coveringFor]);
    expect(who).toEqual([
      ['alice', 'rotation', undefined],
      ['dave', 'override', 'bob'],
      ['carol', 'rotation', undefined],
      ['alice', 'rotation', undefined],
    ]);
  });

  test('where overrides overlap, the most recently created wins; the older one still holds outside the overlap', () => {
    const s = base();
    const older = anOverride({ userId: 'ann', startsAt: utc('2026-03-03T00:00Z'), endsAt: utc('2026-03-03T12:00Z'), createdAt: utc('2026-02-01T00:00Z') });
    const newer = anOverride({ userId: 'ben', startsAt: utc('2026-03-03T06:00Z'), endsAt: utc('2026-03-03T18:00Z'), createdAt: utc('2026-02-02T00:00Z') });
    s.overrides = [newer, older];
    const shifts = shiftsBetween(s, utc('2026-03-03T00:00Z'), utc('2026-03-03T20:00Z'));
    expect(shifts.map((x) => [x.userId, x.start.toISOString()])).toEqual([
      ['ann', '2026-03-03T00:00:00.000Z'],
      ['ben', '2026-03-03T06:00:00.000Z'],
      ['bob', '2026-03-03T18:00:00.000Z'],
    ]);
  });

  test('a newer member override that does not apply leaves an older whole-schedule override in force', () => {
    const s = base();
    s.overrides = [
      anOverride({ userId: 'ann', startsAt: utc('2026-03-03T00:00Z'), endsAt: utc('2026-03-04T00:00Z'), createdAt: utc('2026-02-01T00:00Z') }),
      anOverride({ userId: 'ben', replacesUserId: 'carol', startsAt: utc('2026-03-03T00:00Z'), endsAt: utc('2026-03-04T00:00Z'), createdAt: utc('2026-02-02T00:00Z') }),
    ];
    expect(resolveOnCall(s, utc('2026-03-03T16:00Z')).userId).toBe('ann');
  });

  test('a whole-schedule override also fills a gap', () => {
    const s = aSchedule({ layers: [aLayer({ restrictions: [{ start: '09:00', end: '17:00' }] })] });
    s.overrides = [anOverride({ userId: 'zoe', startsAt: utc('2026-03-03T00:00Z'), endsAt: utc('2026-03-03T06:00Z') })];
    expect(resolveOnCall(s, utc('2026-03-03T03:00Z'))).toMatchObject({ userId: 'zoe', source: 'override' });
    expect(resolveOnCall(s, utc('2026-03-03T07:00Z')).userId).toBeNull();
  });

  test('with 200 random overrides, every answer matches a naive reading of the precedence rule', () => {
    const rnd = prng(7);
    const s: Schedule = aSchedule({ layers: [aLayer({ startDate: '2026-01-01', members: members('a', 'b', 'c', 'd') })] });
    const people = ['a', 'b', 'c', 'd', 'x', 'y'];
    const pick = () => people[Math.floor(rnd() * people.length)]!;
    s.overrides = Array.from({ length: 200 }, (_, i): Override => {
      const start = Date.UTC(2026, 0, 1) + Math.floor(rnd() * 300 * 24) * 3600_000;
      return anOverride({
        userId: pick(),
        replacesUserId: rnd() < 0.5 ? null : pick(),
        startsAt: new Date(start),
        endsAt: new Date(start + (1 + Math.floor(rnd() * 96)) * 3600_000),
        createdAt: new Date(Date.UTC(2025, 0, 1) + Math.floor(rnd() * 1000) * 60_000 + i),
      });
    });
    const plain = { ...s, overrides: [] };
    for (let k = 0; k < 3000; k++) {
      const t = new Date(Date.UTC(2026, 0, 1) + Math.floor(rnd() * 310 * 24 * 60) * 60_000);
      const scheduled = resolveOnCall(plain, t).userId;
      const winner = s.overrides
        .filter((o) => o.startsAt <= t && t < o.endsAt && (!o.replacesUserId || o.replacesUserId === scheduled))
        .sort((p, q) => q.createdAt.getTime() - p.createdAt.getTime())[0];
      expect(resolveOnCall(s, t).userId).toBe(winner ? winner.userId : scheduled);
    }
  });
});

describe('swaps', () => {
  const shiftOf = (s: Schedule, at: string) => {
    const r = resolveOnCall(s, utc(at));
    return { userId: r.userId!, start: r.shiftStart!, end: r.shiftEnd! };
  };

  test('two members exchange shifts in one action, as a pair of overrides', () => {
    const s = base();
    const a = shiftOf(s, '2026-03-02T16:00Z');
    const b = shiftOf(s, '2026-03-03T16:00Z');
    const pair = swapShifts(s, a, b, { createdAt: utc('2026-02-20T10:00Z') });
    expect(pair).toEqual([
      expect.objectContaining({ userId: 'bob', replacesUserId: 'alice', startsAt: a.start, endsAt: a.end }),
      expect.objectContaining({ userId: 'alice', replacesUserId: 'bob', startsAt: b.start, endsAt: b.end }),
    ]);
    s.overrides = pair;
    expect(resolveOnCall(s, utc('2026-03-02T16:00Z')).userId).toBe('bob');
    expect(resolveOnCall(s, utc('2026-03-03T16:00Z')).userId).toBe('alice');
    expect(resolveOnCall(s, utc('2026-03-04T16:00Z')).userId).toBe('carol');
  });

  test.each([
    ['the same member on both sides', '2026-03-02T16:00Z', '2026-03-05T16:00Z', /two different members/],
    ['a member not on call for the shift given', 'wrong-user', '2026-03-03T16:00Z', /not on call/],
  ])('a swap with %s is refused', (_label, at1, at2, message) => {
    const s = base();
    const a = at1 === 'wrong-user' ? { ...shiftOf(s, '2026-03-02T16:00Z'), userId: 'carol' } : shiftOf(s, at1);
    expect(() => swapShifts(s, a, shiftOf(s, at2), { createdAt: utc('2026-02-20T10:00Z') })).toThrow(ScheduleError);
    expect(() => swapShifts(s, a, shiftOf(s, at2), { createdAt: utc('2026-02-20T10:00Z') })).toThrow(message);
  });
});

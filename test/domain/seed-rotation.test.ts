import { resolveOnCall } from '../../src/domain/schedule-resolve';
import { startDateForCurrentIndex, type SeedRotation } from '../../src/domain/seed-rotation';
import type { Schedule } from '../../src/domain/schedule.types';

const members = ['a', 'b', 'c'].map((userId) => ({ userId }));

function onCallAt(r: SeedRotation, now: Date, at: Date = now): string | null {
  const startDate = startDateForCurrentIndex(r, 'America/Chicago', now);
  const { memberCount: _n, currentIndex: _i, ...layer } = r;
  const schedule: Schedule = {
    id: 's', name: 's', timezone: 'America/Chicago', overrides: [], timeOff: [], holidays: [],
    layers: [{ ...layer, handoffDay: layer.handoffDay as 0 | 1 | undefined, startDate, members }],
  };
  return resolveOnCall(schedule, at).userId;
}

const weekly: SeedRotation = { rotationType: 'weekly', handoffTime: '09:00', handoffDay: 1, memberCount: 3, currentIndex: 1 };

describe('placing a seed-shaped rotation by its currentIndex', () => {
  it.each([
    ['a Wednesday afternoon', '2026-03-04T20:00:00Z'],
    ['a Monday just before the 09:00 handoff', '2026-03-09T13:59:00Z'],
    ['a Monday just after the 09:00 handoff (CDT)', '2026-03-09T14:00:00Z'],
    ['a Sunday night', '2026-11-02T05:00:00Z'],
  ])('on %s the member at currentIndex is the one on call', (_when, iso) => {
    for (const currentIndex of [0, 1, 2, 4]) {
      expect(onCallAt({ ...weekly, currentIndex }, new Date(iso))).toBe(members[currentIndex % 3]!.userId);
    }
  });

  it('a week after placing it, the next member is on call', () => {
    expect(onCallAt(weekly, new Date('2026-03-04T20:00:00Z'), new Date('2026-03-11T20:00:00Z'))).toBe('c');
  });

  it('daily and custom-in-days rotations keep their member order and put currentIndex on call now', () => {
    const now = new Date('2026-06-10T03:00:00Z'); // 22:00 the evening before in Chicago
    expect(onCallAt({ rotationType: 'daily', handoffTime: '09:00', memberCount: 3, currentIndex: 2 }, now)).toBe('c');
    expect(onCallAt({ rotationType: 'custom', periodDays: 3, handoffTime: '09:00', memberCount: 3, currentIndex: 1 }, now)).toBe('b');
  });

  it('a custom rotation in hours cannot be placed by currentIndex alone', () => {
    expect(() => startDateForCurrentIndex({ rotationType: 'custom', periodHours: 12, handoffTime: '09:00', memberCount: 2, currentIndex: 1 }, 'UTC', new Date())).toThrow(/startDate/);
  });
});

import { layerShiftsBetween } from '../../src/domain/schedule-layer-lanes';
import { shiftsBetween } from '../../src/domain/schedule-resolve';
import { aLayer, anOverride, aSchedule, aTimeOff, members, utc } from './fixtures/schedule.fixtures';

const schedule = aSchedule({
  timezone: 'America/Chicago',
  layers: [
    aLayer({ rotationType: 'weekly', handoffDay: 1, startDate: '2026-03-02', members: members('dana', 'eli') }),
    aLayer({ rotationType: 'daily', handoffTime: '18:00', startDate: '2026-03-01', members: members('nia'), restrictions: [{ start: '18:00', end: '09:00' }] }),
  ],
  overrides: [anOverride({ userId: 'zed', startsAt: utc('2026-03-04T16:00Z'), endsAt: utc('2026-03-04T18:00Z') })],
  timeOff: [aTimeOff({ userId: 'dana', startsAt: utc('2026-03-05T00:00Z'), endsAt: utc('2026-03-06T00:00Z') })],
});
const from = utc('2026-03-04T06:00Z');
const to = utc('2026-03-06T06:00Z');

describe('each layer as its own lane', () => {
  test('a lane is the layer alone: no override, no time-off cover, and its own index', () => {
    const [base, nights] = layerShiftsBetween(schedule, from, to);
    expect(base!.map((s) => [s.userId, s.source, s.layerIndex])).toEqual([['dana', 'rotation', 0]]);
    expect(nights!.every((s) => s.userId === null || (s.userId === 'nia' && s.layerIndex === 1))).toBe(true);
  });

  test('where a lane has someone and it is the top layer active, the final schedule agrees unless an override or time off says otherwise', () => {
    const final = shiftsBetween(schedule, from, to);
    const [, nights] = layerShiftsBetween(schedule, from, to);
    for (const n of nights!.filter((s) => s.userId)) {
      const inFinal = final.filter((f) => f.start < n.end && n.start < f.end);
      expect(inFinal.every((f) => f.userId === 'nia' && f.layerIndex === 1)).toBe(true);
    }
    expect(final.some((f) => f.userId === 'zed' && f.source === 'override')).toBe(true);
    expect(final.some((f) => f.source === 'cover' && f.coveringFor === 'dana')).toBe(true);
  });
});

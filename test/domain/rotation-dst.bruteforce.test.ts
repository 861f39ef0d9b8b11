import { resolveOnCall, shiftsBetween } from '../../src/domain/schedule-resolve';
import type { Layer } from '../../src/domain/schedule.types';
import { aSchedule, members } from './fixtures/schedule.fixtures';
import { addDays, firstInstantAtOrAfter } from './fixtures/reference-clock';

const YEAR_START = '2026-01-01';
const STEP = 15 * 60_000;

// Handoff times chosen to land inside each zone's skipped or repeated hour (or on a midnight jump).
const cases: { zone: string; times: string[] }[] = [
  { zone: 'America/Chicago', times: ['02:30', '01:30', '09:00'] },
  { zone: 'Europe/London', times: ['01:30', '00:00'] },
  { zone: 'America/Santiago', times: ['00:00', '23:30'] },
  { zone: 'Australia/Lord_Howe', times: ['02:15', '01:45'] },
  { zone: 'Asia/Kolkata', times: ['00:00', '09:00'] },
];

const people = ['p0', 'p1', 'p2'];

function expectedHandoffs(zone: string, time: string, periodDays: number, count: number): number[] {
  return Array.from({ length: count }, (_, k) => firstInstantAtOrAfter(addDays(YEAR_START, k * periodDays), time, zone));
}

function checkYear(zone: string, layer: Layer, handoffs: number[]) {
  const schedule = aSchedule({ timezone: zone, layers: [layer] });
  const from = new Date(handoffs[0]!);
  const to = new Date(handoffs[handoffs.length - 1]!);
  const shifts = shiftsBetween(schedule, from, to);
  // Exactly one shift per handoff interval: no gap, no overlap, boundaries on the expected instants.
  expect(shifts.map((s) => s.start.getTime())).toEqual(handoffs.slice(0, -1));
  expect(shifts.map((s) => s.end.getTime())).toEqual(handoffs.slice(1));
  shifts.forEach((s, k) => expect(s.userId).toBe(people[k % 3]));

  let k = 0;
  for (let t = handoffs[0]!; t < to.getTime(); t += STEP) {
    while (handoffs[k + 1]! <= t) k++;
    const r = resolveOnCall(schedule, new Date(t));
    if (r.userId !== people[k % 3] || r.shiftStart?.getTime() !== handoffs[k] || r.shiftEnd?.getTime() !== handoffs[k + 1])
      throw new Error(`${zone} ${layer.handoffTime} at ${new Date(t).toISOString()}: got ${JSON.stringify(r)}`);
  }
}

describe('a year of handoffs, stepped every 15 minutes', () => {
  for (const { zone, times } of cases) {
    for (const time of times) {
      test(`a daily ${time} rotation in ${zone} hands off at local ${time} every day, with no gap or overlap`, () => {
        const layer: Layer = { rotationType: 'daily', handoffTime: time, startDate: YEAR_START, members: members(...people) };
        checkYear(zone, layer, expectedHandoffs(zone, time, 1, 366));
      });
    }
    test(`a weekly rotation in ${zone} hands off on the handoff day at local ${times[0]} all year`, () => {
      const layer: Layer = { rotationType: 'weekly', handoffTime: times[0]!, handoffDay: 4, startDate: YEAR_START, members: members(...people) };
      checkYear(zone, layer, expectedHandoffs(zone, times[0]!, 7, 53));
    });
  }

  test('a 12-hour custom rotation in America/Chicago hands off at 01:30 and 13:30 local wall time', () => {
    const zone = 'America/Chicago';
    const handoffs: number[] = [];
    for (let d = 0; d < 366; d++) {
      handoffs.push(firstInstantAtOrAfter(addDays(YEAR_START, d), '01:30', zone));
      handoffs.push(firstInstantAtOrAfter(addDays(YEAR_START, d), '13:30', zone));
    }
    const layer: Layer = { rotationType: 'custom', periodHours: 12, handoffTime: '01:30', startDate: YEAR_START, members: members(...people) };
    checkYear(zone, layer, handoffs);
  });
});

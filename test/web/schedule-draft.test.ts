import { bodyOf, draftOf, emptyDraft, fieldPrefix } from '../../web/src/schedules/schedule-draft';
import type { components } from '../../src/client/nightline-api.types';

type Schedule = components['schemas']['Schedule'];

const stored = {
  id: 's1',
  name: 'Support',
  timezone: 'America/Chicago',
  rotationType: 'weekly',
  handoffDay: 1,
  handoffTime: '09:00',
  startDate: '2026-03-02',
  members: [{ userId: 'b' }, { userId: 'a' }],
  restrictions: [{ days: [1, 2], start: '09:00', end: '17:00' }],
  layers: [{ name: 'Nights', rotationType: 'custom', periodHours: 12, handoffTime: '18:00', startDate: '2026-03-01', members: [{ userId: 'c' }] }],
  holidayRotation: null,
  createdAt: '2026-03-01T00:00:00Z',
  updatedAt: '2026-03-01T00:00:00Z',
} as unknown as Schedule;

describe('the schedule form’s draft', () => {
  test('a stored schedule comes back from the form unchanged: base layer on top, further layers in `layers`', () => {
    expect(bodyOf(draftOf(stored))).toEqual({
      name: 'Support',
      timezone: 'America/Chicago',
      rotationType: 'weekly',
      handoffDay: 1,
      handoffTime: '09:00',
      startDate: '2026-03-02',
      members: [{ userId: 'b' }, { userId: 'a' }],
      restrictions: [{ days: [1, 2], start: '09:00', end: '17:00' }],
      layers: [{ name: 'Nights', rotationType: 'custom', periodHours: 12, handoffTime: '18:00', startDate: '2026-03-01', members: [{ userId: 'c' }], restrictions: [] }],
    });
  });

  test('a new schedule starts as one weekly Monday 09:00 layer with nobody in it', () => {
    expect(bodyOf(emptyDraft('UTC', '2026-11-23'))).toMatchObject({ rotationType: 'weekly', handoffDay: 1, handoffTime: '09:00', startDate: '2026-11-23', members: [], layers: [] });
  });

  test('the API names layer 1’s fields at the top level and layer 3’s under layers.1', () => {
    expect(fieldPrefix(0)).toBe('');
    expect(fieldPrefix(2)).toBe('layers.1.');
  });
});

import { changedFields } from '../../web/src/audit/audit-diff';
import { timelineLabel } from '../../web/src/alerts/timeline-labels';

describe("the audit log's before and after", () => {
  it('when a person is renamed, only the name shows as changed, not the bookkeeping fields', () => {
    const before = { id: 'u1', name: 'Grace Hopper', phone: '+15550001', updatedAt: '2026-01-01T00:00:00Z' };
    const after = { id: 'u1', name: 'Grace B. Hopper', phone: '+15550001', updatedAt: '2026-01-02T00:00:00Z' };
    expect(changedFields(before, after)).toEqual([{ field: 'name', before: 'Grace Hopper', after: 'Grace B. Hopper' }]);
  });

  it('a create shows every field as new and a delete every field as gone', () => {
    expect(changedFields(null, { name: 'Plant hotline', number: '+15550002' })).toEqual([
      { field: 'name', before: '(none)', after: 'Plant hotline' },
      { field: 'number', before: '(none)', after: '+15550002' },
    ]);
    expect(changedFields({ name: 'Old' }, null)).toEqual([{ field: 'name', before: 'Old', after: '(none)' }]);
  });

  it('a long nested value is shortened so one entry cannot flood a phone screen', () => {
    const [change] = changedFields({ layers: [] }, { layers: [{ members: Array.from({ length: 40 }, (_, i) => ({ userId: `user-${i}` })) }] });
    expect(change!.field).toBe('layers');
    expect(change!.after.length).toBeLessThanOrEqual(120);
    expect(change!.after.endsWith('…')).toBe(true);
  });
});

describe('alert timeline labels', () => {
  it('known actions read as words, and unknown ones lose their underscores', () => {
    expect(timelineLabel('level_started')).toBe('Escalation level started');
    expect(timelineLabel('notification_acknowledged_by_keypress')).toBe('Acknowledged with a keypress');
    expect(timelineLabel('voicemail_machine_hung_up')).toBe('Voicemail machine hung up');
  });
});

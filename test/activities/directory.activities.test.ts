import { createDirectoryActivities } from '../../activities/directory.activities';
import { buildPerson, memoryDirectory } from '../fixtures/escalation.fixtures';

const alice = buildPerson('alice');
const bob = buildPerson('bob');
const { resolveTargets } = createDirectoryActivities(memoryDirectory([alice, bob], { primary: 'alice', empty: null }));
const at = '2026-01-15T02:00:00.000Z';

test('a schedule and a user resolve to their people, each paged once even if named twice', async () => {
  const r = await resolveTargets([{ type: 'schedule', id: 'primary' }, { type: 'user', id: 'alice' }, { type: 'user', id: 'bob' }], at);
  expect(r.people.map((p) => p.id)).toEqual(['alice', 'bob']);
  expect(r.gaps).toEqual([]);
});

test('a schedule with nobody on call and an unknown user are reported as gaps, not dropped silently', async () => {
  const r = await resolveTargets([{ type: 'schedule', id: 'empty' }, { type: 'user', id: 'ghost' }, { type: 'user', id: 'bob' }], at);
  expect(r.people.map((p) => p.id)).toEqual(['bob']);
  expect(r.gaps).toEqual([
    { target: { type: 'schedule', id: 'empty' }, reason: 'nobody on call (empty rotation)' },
    { target: { type: 'user', id: 'ghost' }, reason: 'unknown user ghost' },
  ]);
});

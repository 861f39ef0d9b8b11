import { prefetchFirstTargets, PREFETCH_TIMEOUT_MS } from '../../src/temporal/first-level-prefetch';
import { buildLevel, buildPerson, buildPolicy, memoryDirectory } from '../fixtures/escalation.fixtures';
import type { TargetDirectory } from '../../activities/ports';

const alice = buildPerson('alice');
const at = '2026-11-23T03:00:00.000Z';

test('resolves the first level (people and gaps) at the alert\'s creation instant', async () => {
  const seen: Date[] = [];
  const directory = memoryDirectory([alice], { primary: 'alice', empty: null });
  const spy: TargetDirectory = { ...directory, onCallForSchedule: (id, when) => (seen.push(when), directory.onCallForSchedule(id, when)) };
  const policy = buildPolicy([buildLevel(['schedule:primary', 'schedule:empty']), buildLevel(['bob'])]);
  const first = await prefetchFirstTargets(spy, policy, at);
  expect(first?.at).toBe(at);
  expect(first?.resolved.people.map((p) => p.id)).toEqual(['alice']);
  expect(first?.resolved.gaps).toEqual([{ target: { type: 'schedule', id: 'empty' }, reason: 'nobody on call (empty rotation)' }]);
  expect(seen.map((d) => d.toISOString())).toEqual([at, at]);
});

test('a failing lookup leaves the first level to the workflow instead of failing the trigger', async () => {
  const broken: TargetDirectory = {
    getUser: () => Promise.reject(new Error('Mongo down')),
    onCallForSchedule: () => Promise.reject(new Error('Mongo down')),
  };
  await expect(prefetchFirstTargets(broken, buildPolicy([buildLevel(['alice'])]), at)).resolves.toBeUndefined();
});

test(`a lookup slower than ${PREFETCH_TIMEOUT_MS} ms is abandoned, so a slow Mongo does not hold up the trigger`, async () => {
  const hanging: TargetDirectory = { getUser: () => new Promise(() => undefined), onCallForSchedule: () => new Promise(() => undefined) };
  const started = Date.now();
  await expect(prefetchFirstTargets(hanging, buildPolicy([buildLevel(['alice'])]), at)).resolves.toBeUndefined();
  expect(Date.now() - started).toBeGreaterThanOrEqual(PREFETCH_TIMEOUT_MS - 50);
});

test('a policy without levels has nothing to prefetch', async () => {
  await expect(prefetchFirstTargets(memoryDirectory([alice]), buildPolicy([]), at)).resolves.toBeUndefined();
});

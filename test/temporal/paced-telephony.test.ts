import { createPacer, PACER_MARGIN_MS } from '../../src/temporal/paced-telephony';

/**
 * Releases `n` requests queued at once and returns when each was let through (ms, real clock, as read by
 * the pacer at the release: reading it again in a later callback would add the callbacks' own jitter).
 */
async function releaseTimes(perSecond: number, n: number): Promise<number[]> {
  const slot = createPacer(perSecond);
  return Promise.all(Array.from({ length: n }, () => slot()));
}

test('at 1 call per second, queued calls are released more than a second apart', async () => {
  const at = await releaseTimes(1, 3);
  for (let i = 1; i < at.length; i++) expect(at[i]! - at[i - 1]!).toBeGreaterThanOrEqual(1000 + PACER_MARGIN_MS);
});

test('at 20 per second, no 21 queued requests fit in one second', async () => {
  const at = await releaseTimes(20, 21);
  expect(at.at(-1)! - at[0]!).toBeGreaterThanOrEqual(1000 + PACER_MARGIN_MS);
});

test('a timer that fires late does not shorten the gap to the next request', async () => {
  let clock = 0;
  const slot = createPacer(1, () => clock);
  await slot(); // released at 0
  const second = slot();
  clock = 1500; // the event loop was busy: the second request gets out half a second late
  await second;
  const third = slot().then(() => clock);
  clock = 2000; // would be on time for a schedule counted from 0, but not from the real release at 1500
  await new Promise((r) => setTimeout(r, 50));
  let released = false;
  void third.then(() => (released = true));
  await new Promise((r) => setTimeout(r, 50));
  expect(released).toBe(false);
  clock = 1500 + 1000 + PACER_MARGIN_MS;
  await expect(third).resolves.toBe(clock);
});

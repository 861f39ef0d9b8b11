import { dialSlotModel } from '../../src/db/dial-slot.model';
import { createSharedLimiter } from '../../src/db/dial-slots.repository';
import { createSharedPacers } from '../../src/temporal/shared-pacing';
import { buildTestApp, type TestApp } from '../fixtures/app';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const opts = { spacingMs: 100, window: 3, windowMs: 350, maxRequestMs: 5_000 };

/** Takes `n` slots at once from `limiter`, holds each briefly (the HTTP exchange), and gives their release times. */
async function burst(limiter: () => ReturnType<ReturnType<typeof createSharedLimiter>>, n: number): Promise<number[]> {
  return Promise.all(
    Array.from({ length: n }, async () => {
      const slot = await limiter();
      await new Promise((r) => setTimeout(r, 5));
      await slot.done();
      return slot.at;
    }),
  );
}

describe('the fleet-wide dial pacer', () => {
  it('when two processes dial in bursts at 5 calls/s, no second holds more than 5 and every slot is numbered once', async () => {
    const queue = `queue-${Date.now()}`;
    // Two pacers on one database stand for two worker processes: each keeps its own memory of its slots.
    const [a, b] = [createSharedPacers(t.conn, queue, { callsPerSecond: 5, smsPerSecond: 5 }), createSharedPacers(t.conn, queue, { callsPerSecond: 5, smsPerSecond: 5 })];
    const releases = (await Promise.all([burst(a.calls, 8), burst(b.calls, 8)])).flat().sort((x, y) => x - y);
    let most = 0;
    for (let i = 0, j = 0; i < releases.length; i++) {
      while (releases[i]! - releases[j]! >= 1000) j++;
      most = Math.max(most, i - j + 1);
    }
    expect(most).toBeLessThanOrEqual(5);
    const slots = await dialSlotModel(t.conn).find({ name: `${queue}:calls` }).sort({ idx: 1 }).lean();
    expect(slots.map((s) => s.idx)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    expect(slots.every((s) => s.doneAt !== null)).toBe(true);
  });

  it('when a line has been idle, the first dial of a new burst goes out at once', async () => {
    const limiter = createSharedLimiter(t.conn, `idle-${Date.now()}`, opts);
    await burst(limiter, 2);
    await new Promise((r) => setTimeout(r, 400));
    const before = Date.now();
    const slot = await limiter();
    await slot.done();
    expect(slot.at - before).toBeLessThan(opts.spacingMs);
  });
});

import { createPacer, PACER_MARGIN_MS, pacedTelephony } from '../../src/temporal/paced-telephony';
import type { TelephonyProvider } from '../../src/telephony/telephony';

/**
 * Releases `n` requests queued at once, each ending as soon as it is let through, and returns when each was
 * let through (ms, real clock, as read by the pacer at the release: reading it again in a later callback
 * would add the callbacks' own jitter).
 */
async function releaseTimes(perSecond: number, n: number): Promise<number[]> {
  const slot = createPacer(perSecond);
  return Promise.all(
    Array.from({ length: n }, async () => {
      const s = await slot();
      s.done();
      return s.at;
    }),
  );
}

/** A clock the test moves by hand, and a way to let the pacer's timers and callbacks run. */
function manualClock() {
  const c = { t: 0, now: () => c.t };
  return c;
}
const settle = () => new Promise((r) => setTimeout(r, 30));

test('at 1 call per second, queued calls are released more than a second apart', async () => {
  const at = await releaseTimes(1, 3);
  for (let i = 1; i < at.length; i++) expect(at[i]! - at[i - 1]!).toBeGreaterThanOrEqual(1000 + PACER_MARGIN_MS);
});

test('at 20 per second, no 21 queued requests fit in one second', async () => {
  const at = await releaseTimes(20, 21);
  expect(at.at(-1)! - at[0]!).toBeGreaterThanOrEqual(1000 + PACER_MARGIN_MS);
});

test('a timer that fires late does not shorten the gap to the next request', async () => {
  const clock = manualClock();
  const slot = createPacer(1, clock.now);
  (await slot()).done(); // released and answered at 0
  const second = slot();
  clock.t = 1500; // the event loop was busy: the second request gets out half a second late
  const s2 = await second;
  expect(s2.at).toBe(1500);
  s2.done();
  let released = false;
  const third = slot().then((s) => ((released = true), s));
  clock.t = 2000; // would be on time for a schedule counted from 0, but not from the real release at 1500
  await settle();
  expect(released).toBe(false);
  clock.t = 1500 + 1000 + PACER_MARGIN_MS;
  await expect(third.then((s) => s.at)).resolves.toBe(clock.t);
});

test('a slow request holds the next one until a second after it was answered', async () => {
  // At 1/s the call reaches Twilio somewhere between its release and its response: only a second counted
  // from the response keeps two calls out of the same second at Twilio's end, whatever the network did.
  const clock = manualClock();
  const slot = createPacer(1, clock.now);
  const first = await slot();
  let released = false;
  const second = slot().then((s) => ((released = true), s));
  clock.t = 1020; // a second has passed since the release, but the first request is still on its way
  await settle();
  expect(released).toBe(false);
  clock.t = 1300;
  first.done(); // Twilio answered at 1300
  clock.t = 2000;
  await settle();
  expect(released).toBe(false);
  clock.t = 1300 + 1000 + PACER_MARGIN_MS;
  await expect(second.then((s) => s.at)).resolves.toBe(clock.t);
});

test('at 20 per second, twenty requests in flight do not hold each other back', async () => {
  const clock = manualClock();
  const slot = createPacer(20, clock.now);
  const slots = [];
  for (let i = 0; i < 20; i++) {
    slots.push(await slot()); // none of them is answered yet
    clock.t += 51; // one spacing interval later
  }
  expect(slots.map((s) => s.at)).toEqual(Array.from({ length: 20 }, (_, i) => i * 51));
  // The 21st waits for the 1st to be answered (then a second more).
  let released = false;
  const next = slot().then((s) => ((released = true), s));
  clock.t = 5000;
  await settle();
  expect(released).toBe(false);
  slots[0]!.done();
  clock.t = 5000 + 1000 + PACER_MARGIN_MS;
  await expect(next.then((s) => s.at)).resolves.toBe(clock.t);
});

test('the paced provider ends each slot when the request fails, so one failure does not stall the next call', async () => {
  let calls = 0;
  const inner: TelephonyProvider = {
    placeCall: async () => {
      calls++;
      if (calls === 1) throw new Error('Twilio said 500');
      return { sid: `CA${calls}`, status: 'queued' };
    },
    sendSms: async () => ({ sid: 'SM1', status: 'queued' }),
    hangUp: async (sid) => ({ sid, status: 'completed' }),
    findRecent: async () => [],
  };
  const paced = pacedTelephony(inner, { callsPerSecond: 20, smsPerSecond: 20 });
  const req = { to: '+15550001111', url: 'http://127.0.0.1/page', statusCallback: 'http://127.0.0.1/status' };
  await expect(paced.placeCall(req)).rejects.toThrow('Twilio said 500');
  await expect(paced.placeCall(req)).resolves.toEqual({ sid: 'CA2', status: 'queued' });
});

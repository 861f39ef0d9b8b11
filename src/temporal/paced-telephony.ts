import type { TelephonyProvider } from '../telephony/telephony';

/**
 * Slack added to every second's budget. Requests are released on schedule, but each reaches Twilio after
 * its own few ms of HTTP and event-loop latency; an exact 1000/limit spacing then let two calls land 998 ms
 * apart at 1 call/s (bench:paging). Spreading `perSecond` requests over 1000 + this many ms keeps any
 * perSecond + 1 consecutive requests more than a second apart despite that jitter, at a 2% cost in rate.
 */
export const PACER_MARGIN_MS = 20;

/**
 * Spaces requests at least (1000 + PACER_MARGIN_MS) / perSecond ms apart within this process. The task
 * queues' server-side limit keeps the whole fleet's average under the cap, but it lets short bursts
 * through (outstanding polls return together); this pacing removes the bursts for each worker process.
 * Each request waits for the one before it to be released and counts its gap from that moment, so a late
 * timer never squeezes the next gap. Each request resolves with its release time on `now`'s clock, which
 * is injectable for tests.
 */
export function createPacer(perSecond: number, now: () => number = Date.now): () => Promise<number> {
  const intervalMs = (1000 + PACER_MARGIN_MS) / perSecond;
  let lastRelease: Promise<number> = Promise.resolve(-Infinity);
  return () => {
    const release = lastRelease.then(async (previous) => {
      const slot = previous + intervalMs;
      // setTimeout may fire a millisecond early by the wall clock: wait until the slot has really come.
      for (let t = now(); t < slot; t = now()) await new Promise((r) => setTimeout(r, slot - t));
      return now();
    });
    lastRelease = release;
    return release;
  };
}

export function pacedTelephony(inner: TelephonyProvider, limits: { callsPerSecond: number; smsPerSecond: number }): TelephonyProvider {
  const callSlot = createPacer(limits.callsPerSecond);
  const smsSlot = createPacer(limits.smsPerSecond);
  return {
    async placeCall(req) {
      await callSlot();
      return inner.placeCall(req);
    },
    async sendSms(req) {
      await smsSlot();
      return inner.sendSms(req);
    },
    hangUp: (sid) => inner.hangUp(sid),
  };
}

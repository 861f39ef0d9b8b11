import type { TelephonyProvider } from '../telephony/telephony';

/**
 * Spaces requests at least 1/perSecond apart within this process. The task queues' server-side limit
 * keeps the whole fleet's average under the cap, but it lets short bursts through (outstanding polls
 * return together); this pacing removes the bursts for each worker process.
 */
export function createPacer(perSecond: number): () => Promise<void> {
  const intervalMs = 1000 / perSecond;
  let nextSlot = 0;
  return async () => {
    const now = Date.now();
    const slot = Math.max(now, nextSlot);
    nextSlot = slot + intervalMs;
    if (slot > now) await new Promise((r) => setTimeout(r, slot - now));
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

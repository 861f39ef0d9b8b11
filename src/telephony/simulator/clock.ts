/** Simulated time: phones ring and people talk in simulated seconds, scaled to real milliseconds. */
export class SimClock {
  constructor(private readonly msPerSimSecond: number) {}

  toSimSeconds(ms: number): number {
    return this.msPerSimSecond > 0 ? ms / this.msPerSimSecond : 0;
  }

  /**
   * Waits `seconds` of simulated time; resolves early (without throwing) when `signal` aborts,
   * so the caller can check why it woke up.
   */
  sleep(seconds: number, signal?: AbortSignal): Promise<void> {
    return this.sleepMs(Math.max(0, seconds) * this.msPerSimSecond, signal);
  }

  /** Waits real milliseconds (abortable like sleep). */
  sleepMs(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      let handle: NodeJS.Timeout | undefined;
      const finish = () => {
        signal?.removeEventListener('abort', finish);
        if (handle !== undefined) clearTimeout(handle);
        resolve();
      };
      // Even at zero delay, yield to the event loop so HTTP requests and updates interleave.
      if (ms > 0) handle = setTimeout(finish, ms);
      else setImmediate(finish);
      signal?.addEventListener('abort', finish, { once: true });
    });
  }
}

/** Spaces out starts like Twilio's calls-per-second queue. */
export class RateGate {
  private nextFree = 0;

  constructor(private readonly perSecond: number) {}

  /** Milliseconds the next start must wait; reserves its slot. */
  reserve(now = Date.now()): number {
    if (!Number.isFinite(this.perSecond) || this.perSecond <= 0) return 0;
    const start = Math.max(now, this.nextFree);
    this.nextFree = start + 1000 / this.perSecond;
    return start - now;
  }
}

/**
 * In-process wake-ups for pages waiting on a bundle. The member that dials a bundle rings its bell when the
 * bundle is placed, failed or handed back, so the other members in this worker re-read it at once instead of
 * polling MongoDB. A change made by another worker process is seen at the waiter's next timed look.
 */
export class BundleBell {
  private readonly waiting = new Map<string, Set<() => void>>();

  /** Wakes everyone waiting on this bundle in this process. */
  ring(bundleId: string): void {
    const wakers = this.waiting.get(bundleId);
    if (!wakers) return;
    this.waiting.delete(bundleId);
    for (const wake of wakers) wake();
  }

  /** Resolves when the bundle's bell rings, after `ms`, or when `signal` aborts, whichever comes first. */
  wait(bundleId: string, ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      const wakers = this.waiting.get(bundleId) ?? new Set<() => void>();
      this.waiting.set(bundleId, wakers);
      const wake = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', wake);
        wakers.delete(wake);
        if (wakers.size === 0 && this.waiting.get(bundleId) === wakers) this.waiting.delete(bundleId);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      wakers.add(wake);
      if (signal?.aborted) wake();
      else signal?.addEventListener('abort', wake, { once: true });
    });
  }

  /** Bundles with someone waiting on them (for tests and metrics). */
  get size(): number {
    return this.waiting.size;
  }
}

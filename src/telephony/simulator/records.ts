import {
  TERMINAL_CALL_STATUSES,
  TERMINAL_MESSAGE_STATUSES,
  type RestRequestRecord,
  type SimCall,
  type SimMessage,
  type SimRecording,
  type WebhookRecord,
} from './types';

export class SimTimeoutError extends Error {
  constructor(what: string, timeoutMs: number) {
    super(`Twilio simulator: timed out after ${timeoutMs} ms waiting for ${what}`);
    this.name = 'SimTimeoutError';
  }
}

type Waiter = { check: () => boolean };

/** Everything the simulator saw and did, in arrival order, plus helpers to wait for some of it. */
export class SimRecords {
  readonly requests: RestRequestRecord[] = [];
  readonly calls: SimCall[] = [];
  readonly messages: SimMessage[] = [];
  readonly webhooks: WebhookRecord[] = [];
  readonly recordings: SimRecording[] = [];
  private readonly waiters = new Set<Waiter>();

  call(sid: string): SimCall | undefined {
    return this.calls.find((c) => c.sid === sid);
  }

  message(sid: string): SimMessage | undefined {
    return this.messages.find((m) => m.sid === sid);
  }

  /** Called after every mutation so waiters re-check at once. */
  changed(): void {
    for (const w of [...this.waiters]) w.check();
  }

  clear(): void {
    for (const list of [this.requests, this.calls, this.messages, this.webhooks, this.recordings])
      list.length = 0;
    this.changed();
  }

  /**
   * Resolves with the first truthy value `probe` returns, re-checked on every recorded change
   * (and every 25 ms as a safety net); rejects after `timeoutMs`.
   */
  waitFor<T>(probe: () => T | undefined | null | false, timeoutMs = 5000, what = 'a condition'): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const done = (fn: () => void) => {
        this.waiters.delete(waiter);
        clearInterval(poll);
        clearTimeout(timer);
        fn();
      };
      const waiter: Waiter = {
        check: () => {
          let v: T | undefined | null | false;
          try {
            v = probe();
          } catch (err) {
            done(() => reject(err));
            return true;
          }
          if (v) done(() => resolve(v as T));
          return !!v;
        },
      };
      const poll = setInterval(() => waiter.check(), 25);
      const timer = setTimeout(() => done(() => reject(new SimTimeoutError(what, timeoutMs))), timeoutMs);
      this.waiters.add(waiter);
      waiter.check();
    });
  }

  /**
   * Waits until the call has reached a final status (completed, busy, no-answer, failed, canceled)
   * and its final status callback has been answered.
   */
  waitForCallEnd(sid: string, timeoutMs = 5000): Promise<SimCall> {
    return this.waitFor(
      () => {
        const c = this.call(sid);
        return c && c.finished && TERMINAL_CALL_STATUSES.includes(c.status) ? c : undefined;
      },
      timeoutMs,
      `call ${sid} to end`,
    );
  }

  /** Waits until the message has reached a final status and its status callbacks have been answered. */
  waitForMessageFinal(sid: string, timeoutMs = 5000): Promise<SimMessage> {
    return this.waitFor(
      () => {
        const m = this.message(sid);
        return m && m.finished && TERMINAL_MESSAGE_STATUSES.includes(m.status) ? m : undefined;
      },
      timeoutMs,
      `message ${sid} to reach a final status`,
    );
  }

  waitForWebhook(match: (w: WebhookRecord) => boolean, timeoutMs = 5000): Promise<WebhookRecord> {
    return this.waitFor(() => this.webhooks.find(match), timeoutMs, 'a matching webhook');
  }

  waitForWebhooks(
    match: (w: WebhookRecord) => boolean,
    count: number,
    timeoutMs = 5000,
  ): Promise<WebhookRecord[]> {
    return this.waitFor(
      () => {
        const found = this.webhooks.filter(match);
        return found.length >= count ? found : undefined;
      },
      timeoutMs,
      `${count} matching webhooks`,
    );
  }
}

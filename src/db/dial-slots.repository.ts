import type { Connection } from 'mongoose';
import { isDuplicateKeyError } from './connect';
import { dialSlotModel, type DialSlotDoc } from './dial-slot.model';

/** A slot this process holds: release it (`done`) once its request has been answered or has failed. */
export interface SharedSlot {
  at: number;
  done(): Promise<void>;
}

export interface SharedLimiterOptions {
  /** Spacing between consecutive releases, fleet-wide. */
  spacingMs: number;
  /** Request k + window waits for request k to finish, plus windowMs (see createPacer). */
  window: number;
  windowMs: number;
  /** A request that has not finished after this no longer holds the others back. */
  maxRequestMs: number;
  pollMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/**
 * The pacer's two rules (src/temporal/paced-telephony.ts), kept in Mongo so that they hold across every
 * worker process: each release is an insert of the next slot number (the unique _id makes exactly one
 * process win it), at least `spacingMs` after the previous slot, and no earlier than `windowMs` after slot
 * k - window finished. Only inserts, finds and updateOne: what MongoDB and Mongo-wire servers all support.
 */
export function createSharedLimiter(conn: Connection, name: string, o: SharedLimiterOptions): () => Promise<SharedSlot> {
  const Slots = dialSlotModel(conn);
  const pollMs = o.pollMs ?? 20;
  const id = (idx: number) => `${name}:${idx}`;
  /** The last slot this process took, and when its own recent slots finished: reads it can skip. */
  let ours: { idx: number; at: number } | undefined;
  const ownDone = new Map<number, number>();
  /** Claims from this process go one at a time, so they never race each other for the same slot number. */
  let claiming: Promise<unknown> = Promise.resolve();

  async function tryInsert(idx: number, at: number): Promise<boolean> {
    try {
      await Slots.create({ _id: id(idx), name, idx, at: new Date(at), doneAt: null });
      return true;
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err; // another process took that slot: read again
      return false;
    }
  }

  async function insertNext(): Promise<{ idx: number; at: number }> {
    // Most often nobody else has claimed since this process's last slot: claim the next one without a read.
    if (ours) {
      const guess = { idx: ours.idx + 1, at: Math.max(Date.now(), ours.at + o.spacingMs) };
      if (await tryInsert(guess.idx, guess.at)) return guess;
    }
    for (;;) {
      const last = await Slots.findOne({ name }).sort({ idx: -1 }).lean<DialSlotDoc>().exec();
      const idx = (last?.idx ?? 0) + 1;
      const at = Math.max(Date.now(), last ? last.at.getTime() + o.spacingMs : 0);
      if (await tryInsert(idx, at)) return { idx, at };
    }
  }

  /** When slot `idx` finished, or gave up holding others back; null if it never existed (the line was idle). */
  async function finished(idx: number): Promise<number | null> {
    const known = ownDone.get(idx);
    if (known !== undefined) return known;
    for (;;) {
      const s = await Slots.findById(id(idx)).lean<DialSlotDoc>().exec();
      if (!s) return null;
      if (s.doneAt) return s.doneAt.getTime();
      const giveUp = s.at.getTime() + o.maxRequestMs;
      if (Date.now() >= giveUp) return giveUp;
      await sleep(Math.min(pollMs, giveUp - Date.now()));
    }
  }

  return async () => {
    await Slots.init();
    const claimed = claiming.then(insertNext);
    claiming = claimed.catch(() => undefined);
    const { idx, at } = await claimed;
    ours = { idx, at };
    let release = at;
    if (idx > o.window) {
      const older = await finished(idx - o.window);
      if (older !== null) release = Math.max(release, older + o.windowMs);
    }
    while (Date.now() < release) await sleep(release - Date.now());
    return {
      at: Date.now(),
      async done() {
        await Slots.updateOne({ _id: id(idx) }, { $set: { doneAt: new Date() } }).exec();
        ownDone.set(idx, Date.now());
        // Only the slot `window` places back is ever asked about; keep a little more than that.
        for (const k of ownDone.keys()) if (k <= idx - 2 * o.window - 2) ownDone.delete(k);
      },
    };
  };
}

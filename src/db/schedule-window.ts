import type { Types } from 'mongoose';
import { conflict } from '../http/errors';

/** Shared by overrides and time off: time-bounded entries [startsAt, endsAt) of one schedule. */
export interface Windowed {
  _id: Types.ObjectId;
  scheduleId: Types.ObjectId;
  startsAt: Date;
  endsAt: Date;
}

/** Mongo filter for entries overlapping [from, to) (either bound optional). */
export function overlapping(scheduleId: Types.ObjectId, from?: Date, to?: Date) {
  return {
    scheduleId,
    ...(to ? { startsAt: { $lt: to } } : {}),
    ...(from ? { endsAt: { $gt: from } } : {}),
  };
}

export type EndEarly = { action: 'ended'; endsAt: Date } | { action: 'removed' };

/**
 * "Ending early": an entry in progress gets endsAt = now, a future one is removed,
 * and one already over is a conflict (history is kept).
 */
export function endEarlyAction(entry: Windowed, now: Date): EndEarly {
  if (entry.endsAt.getTime() <= now.getTime()) {
    throw conflict(`entry ${String(entry._id)} already ended at ${entry.endsAt.toISOString()}`);
  }
  if (entry.startsAt.getTime() > now.getTime()) return { action: 'removed' };
  return { action: 'ended', endsAt: now };
}

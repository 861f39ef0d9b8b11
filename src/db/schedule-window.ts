import { isValidObjectId, Types, type Model } from 'mongoose';
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

/** Ends an entry of this schedule early (see endEarlyAction) and stores the outcome; null when it does not exist there. */
export async function endEntryEarly<T extends Windowed>(
  model: Model<T>,
  scheduleId: string,
  id: string,
  now: Date,
): Promise<EndEarly | null> {
  if (!isValidObjectId(id)) return null;
  const d = await model.findOne({ _id: id, scheduleId: new Types.ObjectId(scheduleId) }).lean<Windowed>();
  if (!d) return null;
  const act = endEarlyAction(d, now);
  if (act.action === 'removed') await model.deleteOne({ _id: d._id });
  else await model.updateOne({ _id: d._id }, { $set: { endsAt: act.endsAt } });
  return act;
}

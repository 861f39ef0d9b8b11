import { isValidObjectId, Types, type Model, type UpdateQuery } from 'mongoose';
import { AppError, conflict } from '../http/errors';

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
  return applyEndEarly(model, d, now);
}

/** Stores endEarlyAction's outcome for an entry already read: removes it, or sets its end to now. */
export async function applyEndEarly<T extends Windowed>(model: Model<T>, entry: Windowed, now: Date): Promise<EndEarly> {
  const act = endEarlyAction(entry, now);
  if (act.action === 'removed') await model.deleteOne({ _id: entry._id });
  else await model.updateOne({ _id: entry._id }, { $set: { endsAt: act.endsAt } });
  return act;
}

/** The new times a PATCH asks for (either may be absent: kept as stored). */
export interface WindowEdit {
  startsAt?: Date;
  endsAt?: Date;
}

const fieldError = (status: 400 | 409, field: string, message: string) =>
  new AppError(status === 400 ? 'validation_failed' : 'conflict', `${field}: ${message}`, status, [{ field, message }]);

/**
 * The window an edit leaves, or why it is refused. The past is history: an entry already over cannot
 * change, an entry in progress keeps its start, and no edit moves a start or end to before now.
 * A swap half cannot change alone, since the pair only makes sense together.
 */
export function editedWindow(entry: Windowed & { swapId?: string | null }, edit: WindowEdit, now: Date): { startsAt: Date; endsAt: Date } {
  const id = String(entry._id);
  if (entry.swapId) {
    throw conflict(`override ${id} is part of swap ${entry.swapId}; editing one half would break the pair, so delete both overrides and swap again`);
  }
  const t = now.getTime();
  if (entry.endsAt.getTime() <= t) {
    throw conflict(`entry ${id} already ended at ${entry.endsAt.toISOString()}; past entries cannot be edited`);
  }
  const startsAt = edit.startsAt ?? entry.startsAt;
  const endsAt = edit.endsAt ?? entry.endsAt;
  const startMoved = startsAt.getTime() !== entry.startsAt.getTime();
  if (startMoved && entry.startsAt.getTime() <= t) {
    throw fieldError(409, 'startsAt', `entry ${id} is in progress (started ${entry.startsAt.toISOString()}); only its end and other fields can change`);
  }
  if (endsAt.getTime() <= startsAt.getTime()) {
    throw edit.endsAt ? fieldError(400, 'endsAt', 'must be after startsAt') : fieldError(400, 'startsAt', 'must be before endsAt');
  }
  if (startMoved && startsAt.getTime() < t) throw fieldError(409, 'startsAt', 'cannot be moved into the past');
  if (endsAt.getTime() !== entry.endsAt.getTime() && endsAt.getTime() <= t) {
    throw fieldError(409, 'endsAt', 'cannot be moved to now or earlier; DELETE ends an entry now');
  }
  return { startsAt, endsAt };
}

/**
 * Applies an edit to an entry of this schedule (rules in editedWindow); null when it does not exist there.
 * The write is conditional on the times read, so an edit racing an end-early or another edit is a 409.
 */
export async function editEntry<T extends Windowed>(
  model: Model<T>,
  scheduleId: string,
  id: string,
  edit: WindowEdit & Record<string, unknown>,
  now: Date,
): Promise<T | null> {
  if (!isValidObjectId(id)) return null;
  const d = await model.findOne({ _id: id, scheduleId: new Types.ObjectId(scheduleId) }).lean<Windowed & { swapId?: string | null }>();
  if (!d) return null;
  const window = editedWindow(d, edit, now);
  const set = Object.fromEntries(Object.entries({ ...edit, ...window }).filter(([, v]) => v !== undefined));
  const updated = await model
    .findOneAndUpdate({ _id: d._id, startsAt: d.startsAt, endsAt: d.endsAt }, { $set: set } as UpdateQuery<T>, { returnDocument: 'after' })
    .lean<T>();
  if (!updated) throw conflict(`entry ${id} changed while being edited; fetch it and try again`);
  return updated;
}

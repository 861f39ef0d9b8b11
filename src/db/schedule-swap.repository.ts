import { Types, type Connection } from 'mongoose';
import { conflict } from '../http/errors';
import { isDuplicateKeyError } from './connect';
import { createOverrides, type OverrideDto, type OverrideInput } from './schedule-override.repository';
import { overrideModel } from './schedule-override.model';
import { swapClaimModel } from './schedule-swap.model';

/** A pending swap older than this was left by a process that died mid-way; its hidden halves are removed. */
export const SWAP_STALE_MS = 30_000;

export const shiftKey = (s: { userId: string; start: Date }) => `${s.userId}@${s.start.toISOString()}`;

/**
 * Creates a swap's two overrides so that readers see both halves or neither, and a concurrent swap of
 * either shift gets 409. Steps: claim both shifts (unique index) → write both halves hidden → commit
 * (one document update) → show them. A crash before the commit is rolled back by settleSwaps, one after
 * it is rolled forward.
 */
export async function createSwap(
  conn: Connection,
  scheduleId: string,
  shifts: { userId: string; start: Date }[],
  pair: OverrideInput[],
  swapId: string,
): Promise<OverrideDto[]> {
  const Claims = swapClaimModel(conn);
  await Claims.init();
  const sid = new Types.ObjectId(scheduleId);
  await settleSwaps(conn, scheduleId);
  try {
    await Claims.create({ scheduleId: sid, swapId, shifts: shifts.map(shiftKey), state: 'pending' });
  } catch (err) {
    if (isDuplicateKeyError(err)) throw conflict('another swap of the same shift was made at the same moment; reload and try again', { shifts: shifts.map(shiftKey) });
    throw err;
  }
  let halves: OverrideDto[];
  try {
    halves = await createOverrides(conn, scheduleId, pair, swapId, { pending: true });
  } catch (err) {
    await Claims.deleteOne({ swapId: { $eq: swapId } }).catch(() => undefined);
    throw err;
  }
  await Claims.updateOne({ swapId: { $eq: swapId } }, { $set: { state: 'committed' } });
  await showHalves(conn, swapId);
  return halves;
}

async function showHalves(conn: Connection, swapId: string): Promise<void> {
  await overrideModel(conn).updateMany({ swapId: { $eq: swapId } }, { $set: { pending: false } });
  await swapClaimModel(conn).updateOne({ swapId: { $eq: swapId } }, { $set: { state: 'active' } });
}

/**
 * Finishes what an interrupted swap left: a committed swap's halves are shown; a pending swap older than
 * SWAP_STALE_MS loses its hidden halves and its claim. Readers call it first, so no half is ever seen alone.
 */
export async function settleSwaps(conn: Connection, scheduleId: string, now = new Date()): Promise<void> {
  const Claims = swapClaimModel(conn);
  const open = await Claims.find({ scheduleId: new Types.ObjectId(scheduleId), state: { $in: ['pending', 'committed'] } }).lean();
  for (const c of open) {
    if (c.state === 'committed') await showHalves(conn, c.swapId);
    else if (now.getTime() - c.createdAt.getTime() > SWAP_STALE_MS) {
      await overrideModel(conn).deleteMany({ swapId: { $eq: c.swapId }, pending: true });
      await Claims.deleteOne({ _id: c._id, state: 'pending' });
    }
  }
}

/** Frees the shifts of a cancelled swap, so they can be swapped again. */
export async function releaseSwap(conn: Connection, swapId: string): Promise<void> {
  await swapClaimModel(conn).deleteOne({ swapId: { $eq: swapId } });
}

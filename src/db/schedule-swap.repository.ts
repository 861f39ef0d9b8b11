import { Types, type Connection } from 'mongoose';
import { conflict } from '../http/errors';
import { isDuplicateKeyError } from './connect';
import { createOverrides, type OverrideDto, type OverrideInput } from './schedule-override.repository';
import { overrideModel } from './schedule-override.model';
import { swapClaimModel } from './schedule-swap.model';

/** A pending swap older than this was left by a process that died mid-way; its hidden halves are removed. */
export const SWAP_STALE_MS = 30_000;

/** A shift is named by its start: two shifts of the final schedule never start at the same instant. */
export const shiftKey = (s: { start: Date }) => `shift@${s.start.toISOString()}`;

/**
 * Step 1 of a swap: claims both shifts for `swapId`, or 409 when another swap holds either of them (made
 * at the same moment, or earlier and not cancelled). Validate after claiming, and release on failure.
 */
export async function claimSwap(conn: Connection, scheduleId: string, swapId: string, shifts: { start: Date }[]): Promise<void> {
  const Claims = swapClaimModel(conn);
  await Claims.init();
  await settleSwaps(conn, scheduleId);
  try {
    await Claims.create({ scheduleId: new Types.ObjectId(scheduleId), swapId, shifts: shifts.map(shiftKey), state: 'pending' });
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    throw conflict('this shift is already part of another swap (made at the same moment, or earlier and not cancelled); cancel that swap first', {
      shifts: shifts.map((s) => s.start.toISOString()),
    });
  }
}

/**
 * Step 2: writes the claimed swap's two overrides so that readers see both halves or neither: both are
 * written hidden, then the claim's commit (one document update) makes them count, then they are shown.
 * A crash before the commit is rolled back by settleSwaps, one after it is rolled forward.
 */
export async function writeSwap(conn: Connection, scheduleId: string, swapId: string, pair: OverrideInput[]): Promise<OverrideDto[]> {
  let halves: OverrideDto[];
  try {
    halves = await createOverrides(conn, scheduleId, pair, swapId, { pending: true });
  } catch (err) {
    await releaseSwap(conn, swapId).catch(() => undefined);
    throw err;
  }
  await swapClaimModel(conn).updateOne({ swapId: { $eq: swapId } }, { $set: { state: 'committed' } });
  await showHalves(conn, swapId);
  return halves;
}

async function showHalves(conn: Connection, swapId: string): Promise<void> {
  await overrideModel(conn).updateMany({ swapId: { $eq: swapId } }, { $set: { pending: false } });
  await swapClaimModel(conn).updateOne({ swapId: { $eq: swapId } }, { $set: { state: 'active' } });
}

/**
 * Finishes what an interrupted swap left: a committed swap's halves are shown; a pending swap older than
 * SWAP_STALE_MS loses its hidden halves and its claim. Readers call it with their reads, so no half is ever
 * seen alone (hidden halves are never read). True when it showed halves: what was read before is stale.
 */
export async function settleSwaps(conn: Connection, scheduleId: string, now = new Date()): Promise<boolean> {
  const Claims = swapClaimModel(conn);
  const open = await Claims.find({ scheduleId: new Types.ObjectId(scheduleId), state: { $in: ['pending', 'committed'] } }).lean();
  let changed = false;
  for (const c of open) {
    if (c.state === 'committed') {
      await showHalves(conn, c.swapId);
      changed = true;
    } else if (now.getTime() - c.createdAt.getTime() > SWAP_STALE_MS) {
      await overrideModel(conn).deleteMany({ swapId: { $eq: c.swapId }, pending: true });
      await Claims.deleteOne({ _id: c._id, state: 'pending' });
    }
  }
  return changed;
}

/** Frees the shifts of a cancelled (or refused) swap, so they can be swapped again. */
export async function releaseSwap(conn: Connection, swapId: string): Promise<void> {
  await swapClaimModel(conn).deleteOne({ swapId: { $eq: swapId } });
}

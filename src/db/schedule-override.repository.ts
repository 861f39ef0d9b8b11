import { isValidObjectId, Types, type Connection } from 'mongoose';
import type { Override } from '../domain/schedule.types';
import { paginate, type Page, type PageRequest } from './pagination';
import { overrideModel, type OverrideDoc } from './schedule-override.model';
import { swapClaimModel } from './schedule-swap.model';
import { applyEndEarly, editEntry, endEntryEarly, overlapping, type EndEarly } from './schedule-window';

/** Readers never see a swap's half before the swap commits (schedule-swap.repository). */
const VISIBLE = { pending: { $ne: true } };

export interface OverrideInput {
  userId: string;
  startsAt: Date;
  endsAt: Date;
  replacesUserId?: string | null;
  reason?: string;
}

export interface OverrideDto {
  id: string;
  scheduleId: string;
  userId: string;
  startsAt: string;
  endsAt: string;
  replacesUserId: string | null;
  reason: string | null;
  swapId: string | null;
  createdAt: string;
}

export const toOverrideDto = (d: OverrideDoc): OverrideDto => ({
  id: String(d._id),
  scheduleId: String(d.scheduleId),
  userId: d.userId,
  startsAt: d.startsAt.toISOString(),
  endsAt: d.endsAt.toISOString(),
  replacesUserId: d.replacesUserId ?? null,
  reason: d.reason ?? null,
  swapId: d.swapId ?? null,
  createdAt: d.createdAt.toISOString(),
});

export function toDomainOverride(d: OverrideDoc): Override {
  const o: Override = { id: String(d._id), userId: d.userId, startsAt: d.startsAt, endsAt: d.endsAt, createdAt: d.createdAt };
  if (d.replacesUserId) o.replacesUserId = d.replacesUserId;
  if (d.reason) o.reason = d.reason;
  return o;
}

/**
 * Inserts overrides (one, or a swap's pair sharing swapId) for a schedule, all or none: the documents are
 * validated before anything is written, and if the insert still fails part-way (a write error, a dropped
 * connection), the swap's documents that did land are removed again, so no half swap is left behind.
 * (No transaction: a standalone MongoDB, as docker-compose runs it, has none.)
 */
export async function createOverrides(
  conn: Connection,
  scheduleId: string,
  inputs: OverrideInput[],
  swapId: string | null = null,
  opts: { pending?: boolean } = {},
): Promise<OverrideDto[]> {
  const sid = new Types.ObjectId(scheduleId);
  const Overrides = overrideModel(conn);
  const docs = inputs.map((i) => new Overrides({ scheduleId: sid, ...i, replacesUserId: i.replacesUserId ?? null, reason: i.reason ?? null, swapId, pending: !!opts.pending }));
  for (const d of docs) await d.validate();
  try {
    await Overrides.insertMany(docs, { ordered: true });
  } catch (err) {
    await Overrides.deleteMany({ _id: { $in: docs.map((d) => d._id) } }).catch(() => undefined);
    throw err;
  }
  return docs.map((d) => toOverrideDto(d.toObject() as OverrideDoc));
}

export function listOverrides(
  conn: Connection,
  scheduleId: string,
  range: { from?: Date; to?: Date },
  page: PageRequest,
): Promise<Page<OverrideDto>> {
  return paginate(overrideModel(conn), { ...overlapping(new Types.ObjectId(scheduleId), range.from, range.to), ...VISIBLE }, page, toOverrideDto);
}

/**
 * Only the overrides overlapping [from, to), as domain values: keeps resolution fast with long histories.
 * A swap's hidden half counts once its swap has committed (read after the halves, so a swap being shown
 * at this very moment is seen whole): the claim's commit is the one point where both halves appear.
 */
export async function overridesInWindow(conn: Connection, scheduleId: string, from: Date, to: Date): Promise<Override[]> {
  const docs = await overrideModel(conn).find(overlapping(new Types.ObjectId(scheduleId), from, to)).lean<OverrideDoc[]>();
  const hidden = [...new Set(docs.filter((d) => d.pending && d.swapId).map((d) => d.swapId!))];
  const committed = hidden.length ? new Set(await committedSwaps(conn, hidden)) : new Set<string>();
  return docs.filter((d) => !d.pending || committed.has(d.swapId ?? '')).map(toDomainOverride);
}

export async function getOverride(conn: Connection, scheduleId: string, id: string): Promise<OverrideDto | null> {
  if (!isValidObjectId(id)) return null;
  const d = await overrideModel(conn).findOne({ _id: id, scheduleId: new Types.ObjectId(scheduleId), ...VISIBLE }).lean<OverrideDoc>();
  return d ? toOverrideDto(d) : null;
}

/** Ends an override early; null when it does not exist on this schedule. */
export function endOverride(conn: Connection, scheduleId: string, id: string, now: Date): Promise<EndEarly | null> {
  return endEntryEarly(overrideModel(conn), scheduleId, id, now);
}

export interface SwapCancellation {
  overrideId: string;
  action: 'ended' | 'removed' | 'already_over';
  endsAt: string;
}

/**
 * Cancels a swap: each half in progress ends now, each half still to come is removed, a half already
 * over stays as history. Null when the schedule has no swap with this id.
 */
export async function cancelSwap(conn: Connection, scheduleId: string, swapId: string, now: Date): Promise<SwapCancellation[] | null> {
  const Overrides = overrideModel(conn);
  const halves = await Overrides.find({ scheduleId: new Types.ObjectId(scheduleId), swapId: { $eq: swapId }, ...VISIBLE }).sort({ startsAt: 1 }).lean<OverrideDoc[]>();
  if (halves.length === 0) return null;
  const out: SwapCancellation[] = [];
  for (const h of halves) {
    const overrideId = String(h._id);
    if (h.endsAt.getTime() <= now.getTime()) {
      out.push({ overrideId, action: 'already_over', endsAt: h.endsAt.toISOString() });
      continue;
    }
    const act = await applyEndEarly(Overrides, h, now);
    out.push({ overrideId, action: act.action, endsAt: (act.action === 'ended' ? act.endsAt : h.endsAt).toISOString() });
  }
  return out;
}

/** Edits an override (see editedWindow for what may change); null when it does not exist on this schedule. */
export async function updateOverride(
  conn: Connection,
  scheduleId: string,
  id: string,
  edit: Partial<OverrideInput>,
  now: Date,
): Promise<OverrideDto | null> {
  const d = await editEntry(overrideModel(conn), scheduleId, id, edit, now);
  return d ? toOverrideDto(d) : null;
}

/** Those of these swaps that have committed (their halves are shown, or about to be). */
async function committedSwaps(conn: Connection, swapIds: string[]): Promise<string[]> {
  const claims = await swapClaimModel(conn).find({ swapId: { $in: swapIds }, state: { $in: ['committed', 'active'] } }, { swapId: 1 }).lean();
  return claims.map((c) => c.swapId);
}

import { isValidObjectId, type Connection } from 'mongoose';
import { conflict } from '../http/errors';
import { isDuplicateKeyError } from './connect';
import { effectiveNoticePrefs, type NoticePrefs } from '../domain/notice-prefs';
import { paginate, type Page, type PageRequest } from './pagination';
import { userModel, type Channel, type UserDoc } from './user.model';

export interface NotificationPrefs {
  channels: Channel[];
  quietHours?: { start: string; end: string };
  /** Seconds; absent: the fleet's PAGE_THROTTLE_SECONDS. */
  pageThrottleSeconds?: number;
}

export interface UserInput {
  name: string;
  email: string;
  phone: string;
  timezone?: string;
  notificationPrefs?: NotificationPrefs;
  /** Partial: omitted fields keep their value (or default). */
  noticePrefs?: Partial<NoticePrefs>;
}

export interface User {
  id: string;
  name: string;
  email: string;
  phone: string;
  timezone: string;
  notificationPrefs: NotificationPrefs;
  /** Effective choices, defaults filled in (always set by toUser). */
  noticePrefs?: NoticePrefs;
  createdAt: string;
  updatedAt: string;
}

export function toUser(d: UserDoc): User {
  const prefs: NotificationPrefs = { channels: d.notificationPrefs?.channels ?? [] };
  const qh = d.notificationPrefs?.quietHours;
  if (qh?.start && qh.end) prefs.quietHours = { start: qh.start, end: qh.end };
  const throttle = d.notificationPrefs?.pageThrottleSeconds;
  if (typeof throttle === 'number') prefs.pageThrottleSeconds = throttle;
  return {
    id: String(d._id),
    name: d.name,
    email: d.email,
    phone: d.phone,
    timezone: d.timezone,
    notificationPrefs: prefs,
    noticePrefs: effectiveNoticePrefs(d.noticePrefs, prefs.channels),
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
  };
}

/** Email and phone are unique; we check first for a clear message, the unique index still guards races. */
async function assertUnique(conn: Connection, u: { email?: string; phone?: string }, exceptId?: string) {
  const users = userModel(conn);
  const notMe = exceptId ? { _id: { $ne: exceptId } } : {};
  if (u.email && (await users.exists({ email: u.email, ...notMe }))) {
    throw conflict(`email ${u.email} is already used by another user`, { field: 'email' });
  }
  if (u.phone && (await users.exists({ phone: u.phone, ...notMe }))) {
    throw conflict(`phone ${u.phone} is already used by another user`, { field: 'phone' });
  }
}

function duplicateKey(err: unknown): never {
  if (isDuplicateKeyError(err)) {
    const field = Object.keys((err as { keyPattern?: Record<string, unknown> }).keyPattern ?? {})[0] ?? 'email or phone';
    throw conflict(`${field} is already used by another user`, { field });
  }
  throw err;
}

export async function createUser(conn: Connection, input: UserInput): Promise<User> {
  const email = input.email.toLowerCase();
  await assertUnique(conn, { email, phone: input.phone });
  try {
    const doc = await userModel(conn).create({ ...input, email, timezone: input.timezone ?? 'UTC' });
    return toUser(doc.toObject());
  } catch (err) {
    duplicateKey(err);
  }
}

export async function getUser(conn: Connection, id: string): Promise<User | null> {
  if (!isValidObjectId(id)) return null;
  const d = await userModel(conn).findById(id).lean<UserDoc>();
  return d ? toUser(d) : null;
}

/** Looks a user up by E.164 phone (used to match SMS replies and runbook imports). */
export async function findUserByPhone(conn: Connection, phone: string): Promise<User | null> {
  if (typeof phone !== 'string') return null;
  const d = await userModel(conn).findOne({ phone: { $eq: phone } }).lean<UserDoc>();
  return d ? toUser(d) : null;
}

export async function findUsersByIds(conn: Connection, ids: readonly string[]): Promise<Map<string, User>> {
  const valid = [...new Set(ids)].filter((i) => isValidObjectId(i));
  const docs = await userModel(conn).find({ _id: { $in: valid } }).lean<UserDoc[]>();
  return new Map(docs.map((d) => [String(d._id), toUser(d)]));
}

export function listUsers(conn: Connection, page: PageRequest): Promise<Page<User>> {
  return paginate(userModel(conn), {}, page, toUser);
}

export async function updateUser(conn: Connection, id: string, patch: Partial<UserInput>): Promise<User | null> {
  if (!isValidObjectId(id)) return null;
  const email = patch.email?.toLowerCase();
  await assertUnique(conn, { email, phone: patch.phone }, id);
  const { noticePrefs, ...rest } = patch;
  const set: Record<string, unknown> = { ...rest, ...(email ? { email } : {}) };
  // Dotted paths so a PATCH of one notice choice keeps the others.
  for (const [k, v] of Object.entries(noticePrefs ?? {})) {
    if (k !== 'topicChannels') set[`noticePrefs.${k}`] = v;
    else for (const [topic, list] of Object.entries(v ?? {})) set[`noticePrefs.topicChannels.${topic}`] = list;
  }
  try {
    const d = await userModel(conn)
      .findByIdAndUpdate(id, { $set: set }, { returnDocument: 'after', runValidators: true })
      .lean<UserDoc>();
    return d ? toUser(d) : null;
  } catch (err) {
    duplicateKey(err);
  }
}

export async function deleteUser(conn: Connection, id: string): Promise<boolean> {
  if (!isValidObjectId(id)) return false;
  const r = await userModel(conn).deleteOne({ _id: id });
  return r.deletedCount === 1;
}

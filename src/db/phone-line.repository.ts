import { isValidObjectId, type Connection } from 'mongoose';
import { conflict } from '../http/errors';
import { isDuplicateKeyError } from './connect';
import { phoneLineModel, DEFAULT_RING_TIMEOUT_SECONDS, type PhoneLineDoc } from './phone-line.model';
import { paginate, type Page, type PageRequest } from './pagination';

export interface PhoneLineInput {
  number: string;
  name: string;
  scheduleId?: string | null;
  escalationPolicyId?: string | null;
  greeting?: string | null;
  emergencyPrompt?: boolean;
  recordReason?: boolean;
  ringTimeoutSeconds?: number;
  runbookId?: string | null;
}

export interface PhoneLine {
  id: string;
  number: string;
  name: string;
  scheduleId: string | null;
  escalationPolicyId: string | null;
  greeting: string | null;
  emergencyPrompt: boolean;
  recordReason: boolean;
  ringTimeoutSeconds: number;
  runbookId: string | null;
  createdAt: string;
  updatedAt: string;
}

export function toPhoneLine(d: PhoneLineDoc): PhoneLine {
  return {
    id: String(d._id),
    number: d.number,
    name: d.name,
    scheduleId: d.scheduleId ?? null,
    escalationPolicyId: d.escalationPolicyId ?? null,
    greeting: d.greeting ?? null,
    emergencyPrompt: !!d.emergencyPrompt,
    recordReason: !!d.recordReason,
    ringTimeoutSeconds: d.ringTimeoutSeconds ?? DEFAULT_RING_TIMEOUT_SECONDS,
    runbookId: d.runbookId ?? null,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
  };
}

function duplicateNumber(err: unknown, number?: string): never {
  if (isDuplicateKeyError(err)) {
    throw conflict(`number ${number ?? ''} already belongs to another phone line`, { field: 'number' });
  }
  throw err;
}

export async function createPhoneLine(conn: Connection, input: PhoneLineInput): Promise<PhoneLine> {
  const Lines = phoneLineModel(conn);
  await Lines.init();
  try {
    return toPhoneLine((await Lines.create(input)).toObject());
  } catch (err) {
    duplicateNumber(err, input.number);
  }
}

export async function getPhoneLine(conn: Connection, id: string): Promise<PhoneLine | null> {
  if (!isValidObjectId(id)) return null;
  const d = await phoneLineModel(conn).findById(id).lean<PhoneLineDoc>();
  return d ? toPhoneLine(d) : null;
}

/** The line an inbound call was made to (Twilio's `To`). */
export async function findPhoneLineByNumber(conn: Connection, number: string): Promise<PhoneLine | null> {
  if (typeof number !== 'string') return null;
  const d = await phoneLineModel(conn).findOne({ number: { $eq: number } }).lean<PhoneLineDoc>();
  return d ? toPhoneLine(d) : null;
}

export function listPhoneLines(conn: Connection, page: PageRequest): Promise<Page<PhoneLine>> {
  return paginate(phoneLineModel(conn), {}, page, toPhoneLine);
}

export async function updatePhoneLine(conn: Connection, id: string, patch: Partial<PhoneLineInput>): Promise<PhoneLine | null> {
  if (!isValidObjectId(id)) return null;
  try {
    const d = await phoneLineModel(conn)
      .findByIdAndUpdate(id, { $set: patch }, { returnDocument: 'after', runValidators: true })
      .lean<PhoneLineDoc>();
    return d ? toPhoneLine(d) : null;
  } catch (err) {
    duplicateNumber(err, patch.number);
  }
}

export async function deletePhoneLine(conn: Connection, id: string): Promise<boolean> {
  if (!isValidObjectId(id)) return false;
  return (await phoneLineModel(conn).deleteOne({ _id: id })).deletedCount === 1;
}

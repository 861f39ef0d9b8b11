import { isValidObjectId, Types, type Connection } from 'mongoose';
import type { HolidayLedgerEntry } from '../domain/holiday-ledger';
import type { Holiday } from '../domain/schedule.types';
import { conflict } from '../http/errors';
import { holidayModel, type HolidayDoc } from './schedule-holiday.model';

export interface HolidayDto {
  id: string;
  scheduleId: string;
  date: string;
  name: string;
}

const toHolidayDto = (d: HolidayDoc): HolidayDto => ({
  id: String(d._id),
  scheduleId: String(d.scheduleId),
  date: d.date,
  name: d.name,
});

export async function createHoliday(conn: Connection, scheduleId: string, h: Holiday): Promise<HolidayDto> {
  const sid = new Types.ObjectId(scheduleId);
  if (await holidayModel(conn).exists({ scheduleId: sid, date: h.date })) {
    throw conflict(`schedule already has a holiday on ${h.date}`, { field: 'date' });
  }
  const doc = await holidayModel(conn).create({ scheduleId: sid, ...h });
  return toHolidayDto(doc.toObject());
}

/** Adds or renames holidays by date (an .ics import): re-importing the same calendar changes nothing. */
export async function importHolidays(conn: Connection, scheduleId: string, hs: Holiday[]): Promise<{ imported: number; updated: number }> {
  const sid = new Types.ObjectId(scheduleId);
  const m = holidayModel(conn);
  const existing = new Map((await m.find({ scheduleId: sid }).lean<HolidayDoc[]>()).map((d) => [d.date, d]));
  let imported = 0;
  let updated = 0;
  for (const h of hs) {
    const cur = existing.get(h.date);
    if (!cur) {
      existing.set(h.date, (await m.create({ scheduleId: sid, date: h.date, name: h.name })).toObject());
      imported++;
    } else if (cur.name !== h.name) {
      await m.updateOne({ _id: cur._id }, { $set: { name: h.name } });
      cur.name = h.name;
      updated++;
    }
  }
  return { imported, updated };
}

/** Holidays sorted by date, optionally restricted to [from, to] (local dates, inclusive). */
export async function listHolidays(conn: Connection, scheduleId: string, from?: string, to?: string): Promise<HolidayDto[]> {
  const date = { ...(from ? { $gte: from } : {}), ...(to ? { $lte: to } : {}) };
  const filter = { scheduleId: new Types.ObjectId(scheduleId), ...(from || to ? { date } : {}) };
  const docs = await holidayModel(conn).find(filter).sort({ date: 1 }).lean<HolidayDoc[]>();
  return docs.map(toHolidayDto);
}

export async function holidaysBetween(conn: Connection, scheduleId: string, from: string, to: string): Promise<Holiday[]> {
  return (await listHolidays(conn, scheduleId, from, to)).map(({ date, name }) => ({ date, name }));
}

export async function deleteHoliday(conn: Connection, scheduleId: string, id: string): Promise<boolean> {
  if (!isValidObjectId(id)) return false;
  const r = await holidayModel(conn).deleteOne({ _id: id, scheduleId: new Types.ObjectId(scheduleId) });
  return r.deletedCount === 1;
}

/** Every holiday up to `to` (inclusive), and the ledger of those already recorded as worked: one query. */
export async function holidaysWithLedger(conn: Connection, scheduleId: string, to: string): Promise<{ holidays: Holiday[]; ledger: HolidayLedgerEntry[] }> {
  const docs = await holidayModel(conn)
    .find({ scheduleId: new Types.ObjectId(scheduleId), date: { $lte: to } }, { date: 1, name: 1, workedBy: 1 })
    .sort({ date: 1 })
    .lean<HolidayDoc[]>();
  return {
    holidays: docs.map(({ date, name }) => ({ date, name })),
    ledger: docs.filter((d) => d.workedBy).map((d) => ({ holiday: d.name, date: d.date, userId: d.workedBy! })),
  };
}

/** Who worked which of the schedule's past holidays, as recorded (the ledger holiday fairness reads). */
export async function holidayLedger(conn: Connection, scheduleId: string): Promise<HolidayLedgerEntry[]> {
  const docs = await holidayModel(conn).find({ scheduleId: new Types.ObjectId(scheduleId), workedBy: { $ne: null } }).lean<HolidayDoc[]>();
  return docs.map((d) => ({ holiday: d.name, date: d.date, userId: d.workedBy! }));
}

/** Records who worked these holidays; a holiday already recorded keeps its entry (history is not rewritten). */
export async function recordWorkedHolidays(conn: Connection, scheduleId: string, entries: HolidayLedgerEntry[]): Promise<void> {
  const sid = new Types.ObjectId(scheduleId);
  for (const e of entries) await holidayModel(conn).updateOne({ scheduleId: sid, date: { $eq: e.date }, workedBy: null }, { $set: { workedBy: e.userId } });
}

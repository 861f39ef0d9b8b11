import { DateTime } from 'luxon';
import type { Connection } from 'mongoose';
import { planHolidays, type HolidayLedgerEntry } from '../domain/holiday-ledger';
import type { Holiday, HolidayRotation } from '../domain/schedule.types';
import { holidayLedger, recordWorkedHolidays } from './schedule-holiday.repository';
import type { ScheduleDoc } from './schedule.model';

/**
 * The holiday rotation with its ledger of who worked which holidays. Holidays whose day is over and that
 * are not recorded yet are recorded first, as planned from the ledger so far: from then on they are
 * history, so a later change of the rotation's members re-plans only the holidays still to come.
 */
export async function holidayRotationWithLedger(
  conn: Connection,
  doc: Pick<ScheduleDoc, '_id' | 'timezone' | 'holidayRotation'>,
  holidays: readonly Holiday[],
  recorded: HolidayLedgerEntry[],
  now = new Date(),
): Promise<HolidayRotation | undefined> {
  const rotation = doc.holidayRotation;
  if (!rotation) return undefined;
  if (rotation.members.length === 0) return { members: rotation.members };
  const id = String(doc._id);
  const today = DateTime.fromJSDate(now, { zone: doc.timezone }).toISODate() ?? '';
  const memberIds = rotation.members.map((m) => m.userId);
  const fresh = planHolidays(holidays.filter((h) => h.date < today), () => memberIds, recorded).filter((e) => !recorded.some((r) => r.date === e.date));
  if (fresh.length === 0) return { members: rotation.members, ledger: recorded };
  await recordWorkedHolidays(conn, id, fresh);
  return { members: rotation.members, ledger: await holidayLedger(conn, id) }; // what was stored, should a concurrent reader have won
}

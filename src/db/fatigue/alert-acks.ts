import { Types, type Connection } from 'mongoose';
import type { LedgerAck } from '../../domain/fatigue-ledger';
import { alertModel } from '../alert.model';

/**
 * Alerts per read. mongo-java-server (the embedded default) matches each document the _id index finds against
 * the whole `$in` list again, so one read of n IDs costs n² comparisons: with 200,000 alerts in memory, 8,500 IDs
 * took 2.8 s in one read and 0.3 s in reads of 500. Any other condition beside the `$in` makes it scan every
 * alert against the list (500 IDs and a status: 7.4 s), so the filter names `_id` alone.
 */
const IDS_PER_READ = 500;

/** Each of these alerts' acknowledgement as it stands, and whether the alert is resolved (so it is final). */
export async function alertAcks(conn: Connection, alertIds: readonly string[]): Promise<Array<LedgerAck & { resolved: boolean }>> {
  const ids = [...new Set(alertIds)].filter((id) => Types.ObjectId.isValid(id)).map((id) => new Types.ObjectId(id));
  const out: Array<LedgerAck & { resolved: boolean }> = [];
  for (let i = 0; i < ids.length; i += IDS_PER_READ) {
    const alerts = await alertModel(conn)
      .find({ _id: { $in: ids.slice(i, i + IDS_PER_READ) } }, { status: 1, acknowledgedAt: 1, acknowledgedBy: 1 })
      .lean();
    for (const a of alerts) out.push({ a: String(a._id), by: a.acknowledgedBy ?? null, at: a.acknowledgedAt ?? null, resolved: a.status === 'resolved' });
  }
  return out;
}

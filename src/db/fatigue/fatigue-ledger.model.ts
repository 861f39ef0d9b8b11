import { Schema, type Connection, type Model } from 'mongoose';
import type { LedgerAck, LedgerPage } from '../../domain/fatigue-ledger';

/**
 * One UTC day's pages, rolled up once the day is over (see src/domain/fatigue-ledger.ts). Keyed by the day
 * ('YYYY-MM-DD', then 'YYYY-MM-DD#1'... for the parts of a busy day), so a month is read by `_id` alone.
 * Derived from the notification attempts and alerts: it can be dropped, and is rebuilt on the next report.
 */
export interface FatigueLedgerDoc {
  _id: string;
  day: string;
  part: number;
  /** On part 0: how many parts the day has. */
  parts: number;
  pages: LedgerPage[];
  /** Acknowledgements of this part's alerts that were resolved when the day was rolled up. */
  acks: LedgerAck[];
  builtAt: Date;
}

const pageSchema = new Schema<LedgerPage>({ u: { type: String, required: true }, a: { type: String, required: true }, t: { type: Date, required: true } }, { _id: false });
const ackSchema = new Schema<LedgerAck>({ a: { type: String, required: true }, by: { type: String, default: null }, at: { type: Date, default: null } }, { _id: false });

export const fatigueLedgerSchema = new Schema<FatigueLedgerDoc>(
  {
    _id: { type: String, required: true },
    day: { type: String, required: true },
    part: { type: Number, required: true },
    parts: { type: Number, required: true },
    pages: { type: [pageSchema], default: [] },
    acks: { type: [ackSchema], default: [] },
    builtAt: { type: Date, required: true },
  },
  { versionKey: false },
);

export const fatigueLedgerModel = (conn: Connection) =>
  (conn.models.FatigueLedger as Model<FatigueLedgerDoc>) ?? conn.model<FatigueLedgerDoc>('FatigueLedger', fatigueLedgerSchema);

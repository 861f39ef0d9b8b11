import { Schema, type Connection, type Model } from 'mongoose';
import type { NotifyChannel, Severity } from '../domain/escalation.types';

/**
 * open: waiting for its turn (the person's throttle, or a dialler); others may join.
 * dialling: one member's activity holds the dial lease (heldAt); a call may still be joined.
 * placed: the provider holds it (sid); a call may still be joined until it is answered.
 * sealed: answered or ended (calls), or sent (texts): later pages start the next bundle.
 * failed: the provider refused it for good; every member's page fails (and falls back).
 */
export type BundleStatus = 'open' | 'dialling' | 'placed' | 'sealed' | 'failed';

export interface BundleMemberDoc {
  key: string;
  alertId: string;
  severity: Severity;
  title: string;
  at: string;
  /** SMS only: the member's own text, sent as it is when the bundle carries nothing else. */
  text?: string;
}

export interface PageBundleDoc {
  /** `<userId>:<channel>:<seq>`: the unique _id lets exactly one page open the next bundle. */
  _id: string;
  /** Short public name (the timeline shows `b-<ref>`). */
  ref: string;
  userId: string;
  channel: Extract<NotifyChannel, 'phone_call' | 'sms'>;
  seq: number;
  status: BundleStatus;
  /** Not dialled before this (the person's throttle). */
  dueAt: Date;
  /**
   * When it would be due for a critical page (the fleet's throttle caps a longer personal one): a critical
   * page that joins brings dueAt forward to this.
   */
  criticalDueAt?: Date | null;
  members: BundleMemberDoc[];
  /** Alert IDs the call announced when answered: what "1" acknowledges. */
  announced: string[] | null;
  /** The dial lease: who dials now renews it; a lapsed one may be taken over (after a reconcile). */
  heldAt: Date | null;
  /** Set when a try failed transiently or its holder died: a retry asks the provider about anything since. */
  retrySince: Date | null;
  sid: string | null;
  sentAt: Date | null;
  error: string | null;
  createdAt: Date;
}

const memberSchema = new Schema<BundleMemberDoc>(
  { key: String, alertId: String, severity: String, title: String, at: String, text: String },
  { _id: false },
);

export const pageBundleSchema = new Schema<PageBundleDoc>(
  {
    _id: { type: String, required: true },
    ref: { type: String, required: true },
    userId: { type: String, required: true },
    channel: { type: String, required: true },
    seq: { type: Number, required: true },
    status: { type: String, required: true },
    dueAt: { type: Date, required: true },
    criticalDueAt: { type: Date, default: null },
    members: { type: [memberSchema], default: [] },
    announced: { type: [String], default: null },
    heldAt: { type: Date, default: null },
    retrySince: { type: Date, default: null },
    sid: { type: String, default: null },
    sentAt: { type: Date, default: null },
    error: { type: String, default: null },
  },
  { timestamps: { createdAt: true, updatedAt: false } },
);
pageBundleSchema.index({ userId: 1, channel: 1, seq: -1 });
pageBundleSchema.index({ ref: 1 });
pageBundleSchema.index({ sid: 1 });
pageBundleSchema.index({ 'members.key': 1 });
/** Kept a week, for "what did that call carry?"; SMS reply codes live in their own table. */
pageBundleSchema.index({ createdAt: 1 }, { expireAfterSeconds: 7 * 24 * 3600 });

export const pageBundleModel = (conn: Connection) =>
  (conn.models.PageBundle as Model<PageBundleDoc>) ?? conn.model<PageBundleDoc>('PageBundle', pageBundleSchema);

/**
 * The person's newest bundle per channel (`<userId>:<channel>` → seq). Joining reads it and then the bundle by
 * _id, two unique-key reads, where a query sorted by seq needs a secondary index that the embedded Mongo-wire
 * server does not keep (it scanned every bundle on every page). It may lag one behind after a crash: opening
 * the next bundle then collides on _id and moves it on.
 */
export interface PageBundleHeadDoc {
  _id: string;
  seq: number;
}

const pageBundleHeadSchema = new Schema<PageBundleHeadDoc>({ _id: { type: String, required: true }, seq: { type: Number, required: true } }, { versionKey: false });

export const pageBundleHeadModel = (conn: Connection) =>
  (conn.models.PageBundleHead as Model<PageBundleHeadDoc>) ?? conn.model<PageBundleHeadDoc>('PageBundleHead', pageBundleHeadSchema, 'pagebundleheads');

import { Schema, type Connection, type Model, type Types } from 'mongoose';

/** Per-service channel settings that are not part of the service itself (its Slack channel). */
export interface ServiceChannelsDoc {
  _id: Types.ObjectId;
  serviceId: string;
  slackChannel: string | null;
}

export const serviceChannelsSchema = new Schema<ServiceChannelsDoc>(
  { serviceId: { type: String, required: true }, slackChannel: { type: String, default: null } },
  { strict: 'throw' },
);
serviceChannelsSchema.index({ serviceId: 1 }, { unique: true });

export const serviceChannelsModel = (conn: Connection) =>
  (conn.models.ServiceChannels as Model<ServiceChannelsDoc>) ?? conn.model<ServiceChannelsDoc>('ServiceChannels', serviceChannelsSchema);

/** A Slack message about an alert (the service channel's post, or a DM to a person paged), to update in place. */
export interface SlackAlertMessageDoc {
  _id: Types.ObjectId;
  alertId: string;
  /** The channel Slack reported (a DM's D... ID). */
  channel: string;
  ts: string;
  kind: 'service' | 'dm';
}

export const slackAlertMessageSchema = new Schema<SlackAlertMessageDoc>(
  { alertId: { type: String, required: true }, channel: { type: String, required: true }, ts: { type: String, required: true }, kind: { type: String, required: true } },
  { strict: 'throw' },
);
slackAlertMessageSchema.index({ alertId: 1 });
slackAlertMessageSchema.index({ channel: 1, ts: 1 }, { unique: true });

export const slackAlertMessageModel = (conn: Connection) =>
  (conn.models.SlackAlertMessage as Model<SlackAlertMessageDoc>) ?? conn.model<SlackAlertMessageDoc>('SlackAlertMessage', slackAlertMessageSchema);

/** Used one-click links and processed Slack presses: a nonce is consumed once (unique index, no transaction). */
export interface UsedNonceDoc {
  _id: string;
  at: Date;
}

export const usedNonceSchema = new Schema<UsedNonceDoc>({ _id: { type: String, required: true }, at: { type: Date, required: true } }, { strict: 'throw' });

export const usedNonceModel = (conn: Connection) =>
  (conn.models.ChannelUsedNonce as Model<UsedNonceDoc>) ?? conn.model<UsedNonceDoc>('ChannelUsedNonce', usedNonceSchema);

/** True the first time a nonce is consumed; false when it was used before. */
export async function consumeNonce(conn: Connection, nonce: string, at: Date): Promise<boolean> {
  try {
    await usedNonceModel(conn).create({ _id: nonce, at });
    return true;
  } catch (err) {
    if ((err as { code?: number }).code === 11000) return false;
    throw err;
  }
}

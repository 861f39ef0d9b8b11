import { Schema, type Connection, type Model, type Types } from 'mongoose';

export const ALERT_EVENTS = ['triggered', 'acknowledged', 'escalated', 'resolved'] as const;
export type AlertEventName = (typeof ALERT_EVENTS)[number];

/** A URL a service's alert events are POSTed to, signed with its own secret. */
export interface OutgoingWebhookDoc {
  _id: Types.ObjectId;
  serviceId: string;
  url: string;
  /** HMAC key; shown once when created, never listed. */
  secret: string;
  events: AlertEventName[];
  createdAt: Date;
  updatedAt: Date;
}

export const outgoingWebhookSchema = new Schema<OutgoingWebhookDoc>(
  {
    serviceId: { type: String, required: true },
    url: { type: String, required: true },
    secret: { type: String, required: true },
    events: { type: [String], enum: ALERT_EVENTS, default: () => [...ALERT_EVENTS] },
  },
  { timestamps: true, strict: 'throw' },
);
outgoingWebhookSchema.index({ serviceId: 1 });

export const outgoingWebhookModel = (conn: Connection) =>
  (conn.models.OutgoingWebhook as Model<OutgoingWebhookDoc>) ?? conn.model<OutgoingWebhookDoc>('OutgoingWebhook', outgoingWebhookSchema);

/** One try of one delivery: the log the API serves. */
export interface WebhookDeliveryDoc {
  _id: Types.ObjectId;
  webhookId: string;
  serviceId: string;
  alertId: string;
  event: AlertEventName;
  /** Same on every try of one event to one webhook (receivers dedupe on it). */
  eventId: string;
  attempt: number;
  outcome: 'delivered' | 'failed';
  httpStatus: number | null;
  error: string | null;
  at: Date;
}

export const webhookDeliverySchema = new Schema<WebhookDeliveryDoc>(
  {
    webhookId: { type: String, required: true },
    serviceId: { type: String, required: true },
    alertId: { type: String, required: true },
    event: { type: String, enum: ALERT_EVENTS, required: true },
    eventId: { type: String, required: true },
    attempt: { type: Number, required: true },
    outcome: { type: String, enum: ['delivered', 'failed'], required: true },
    httpStatus: { type: Number, default: null },
    error: { type: String, default: null },
    at: { type: Date, required: true },
  },
  { strict: 'throw' },
);
webhookDeliverySchema.index({ serviceId: 1, at: -1 });
webhookDeliverySchema.index({ eventId: 1, webhookId: 1, attempt: 1 }, { unique: true });

export const webhookDeliveryModel = (conn: Connection) =>
  (conn.models.WebhookDelivery as Model<WebhookDeliveryDoc>) ?? conn.model<WebhookDeliveryDoc>('WebhookDelivery', webhookDeliverySchema);

import { Schema, type Connection, type Model, type Types } from 'mongoose';

/** A monitored service: its routing key is the credential the ingestion endpoints accept. */
export interface ServiceDoc {
  _id: Types.ObjectId;
  name: string;
  description: string;
  escalationPolicyId: string;
  /** 32 characters, like a PagerDuty integration key. */
  routingKey: string;
  /** A NightDesk runbook: an alert whose title matches a rule's trigger pages that rule's target. */
  runbookId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export const serviceSchema = new Schema<ServiceDoc>(
  {
    name: { type: String, required: true },
    description: { type: String, default: '' },
    escalationPolicyId: { type: String, required: true },
    routingKey: { type: String, required: true },
    runbookId: { type: String, default: null },
  },
  { timestamps: true, strict: 'throw' },
);
serviceSchema.index({ routingKey: 1 }, { unique: true });
serviceSchema.index({ escalationPolicyId: 1 });

export const serviceModel = (conn: Connection) =>
  (conn.models.Service as Model<ServiceDoc>) ?? conn.model<ServiceDoc>('Service', serviceSchema);

import { Schema, type Connection, type Model, type Types } from 'mongoose';
import { ROLES, type Role } from '../../domain/identity/roles';
import type { TeamDebriefSettings } from '../../domain/team-debrief';

export const DEFAULT_TEAM_NAME = 'Default';

export interface TeamDoc {
  _id: Types.ObjectId;
  name: string;
  /** The team that existing data moved into when teams arrived. */
  isDefault: boolean;
  /** When the team's morning debrief goes out; absent fields take DEFAULT_TEAM_DEBRIEF. */
  debrief?: Partial<TeamDebriefSettings> | null;
  createdAt: Date;
}

export interface MembershipDoc {
  _id: Types.ObjectId;
  userId: string;
  teamId: string;
  role: Role;
}

/** Which team owns a schedule, escalation policy, service or phone line (kept beside, not inside, them). */
export interface TeamResourceDoc {
  _id: Types.ObjectId;
  kind: string;
  resourceId: string;
  teamId: string;
}

const teamSchema = new Schema<TeamDoc>(
  {
    name: { type: String, required: true, unique: true },
    isDefault: { type: Boolean, default: false },
    debrief: { type: new Schema({ enabled: Boolean, time: String, timezone: String }, { _id: false }), default: null },
  },
  { timestamps: { createdAt: true, updatedAt: false }, strict: 'throw' },
);

const membershipSchema = new Schema<MembershipDoc>(
  {
    userId: { type: String, required: true },
    teamId: { type: String, required: true },
    role: { type: String, enum: ROLES, required: true },
  },
  { strict: 'throw' },
);
membershipSchema.index({ userId: 1, teamId: 1 }, { unique: true });
membershipSchema.index({ teamId: 1 });

const teamResourceSchema = new Schema<TeamResourceDoc>(
  {
    kind: { type: String, required: true },
    resourceId: { type: String, required: true },
    teamId: { type: String, required: true },
  },
  { strict: 'throw' },
);
teamResourceSchema.index({ kind: 1, resourceId: 1 }, { unique: true });

export const teamModel = (conn: Connection) =>
  (conn.models.Team as Model<TeamDoc>) ?? conn.model<TeamDoc>('Team', teamSchema);
export const membershipModel = (conn: Connection) =>
  (conn.models.Membership as Model<MembershipDoc>) ?? conn.model<MembershipDoc>('Membership', membershipSchema);
export const teamResourceModel = (conn: Connection) =>
  (conn.models.TeamResource as Model<TeamResourceDoc>) ??
  conn.model<TeamResourceDoc>('TeamResource', teamResourceSchema);

import type { Connection } from 'mongoose';
import type { Role } from '../../domain/identity/roles';
import { userModel } from '../user.model';
import { teamModel } from './team.model';
import { setMembership } from './teams.repository';

export interface SsoClaims {
  email?: string;
  email_verified?: boolean;
  name?: string;
  phone_number?: string;
  groups: string[];
}

export type GroupMap = Record<string, { team: string; role: Role }>;

export type SsoOutcome = { userId: string; created: boolean } | { refused: string };

/**
 * Finds the person for a first or later SSO login: linked by verified email only; an unknown person is
 * created (when allowed and the provider gives a phone number, which paging needs) or refused.
 * Mapped groups then set the person's teams and roles.
 */
export async function personForSso(conn: Connection, c: SsoClaims, groupMap: GroupMap, unknown: 'create' | 'refuse'): Promise<SsoOutcome> {
  if (!c.email || c.email_verified !== true) return { refused: 'the identity provider did not vouch for an email address' };
  let user = await userModel(conn).findOne({ email: c.email }, { _id: 1 }).lean();
  let created = false;
  if (!user) {
    if (unknown === 'refuse') return { refused: 'no Nightline account has this email, and new people are not created from SSO' };
    if (!c.phone_number) return { refused: 'a new person needs a phone number claim (phone_number) to be paged' };
    const doc = await userModel(conn).create({ name: c.name ?? c.email, email: c.email, phone: c.phone_number, timezone: 'UTC' });
    user = { _id: doc._id };
    created = true;
  }
  const userId = String(user._id);
  for (const g of c.groups) {
    const m = groupMap[g];
    if (!m) continue;
    const team = await teamModel(conn)
      .findOneAndUpdate({ name: m.team }, { $setOnInsert: { name: m.team, isDefault: false } }, { upsert: true, returnDocument: 'after' })
      .lean();
    await setMembership(conn, userId, String(team!._id), m.role);
  }
  return { userId, created };
}

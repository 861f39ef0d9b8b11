import type { Connection } from 'mongoose';
import { teamModel, teamResourceModel } from './identity/team.model';

/** Which of a night's alerts and calls belong to one team (its services, policies and phone lines). */
export interface DebriefScope {
  alert(a: { serviceId?: string | null; escalationPolicyId: string }): boolean;
  line(lineId: string): boolean;
}

/**
 * A team's share of the night: alerts of its services (or, without a service, of its escalation policies)
 * and calls to its phone lines. Resources without an owner belong to the default team, as everywhere else.
 */
export async function teamDebriefScope(conn: Connection, teamId: string): Promise<DebriefScope> {
  const [team, owned] = await Promise.all([
    teamModel(conn).findById(teamId, { isDefault: 1 }).lean(),
    teamResourceModel(conn).find({}, { kind: 1, resourceId: 1, teamId: 1 }).lean(),
  ]);
  const owner = new Map(owned.map((o) => [`${o.kind}:${o.resourceId}`, o.teamId]));
  const mine = (kind: string, id: string) => {
    const t = owner.get(`${kind}:${id}`);
    return t === undefined ? Boolean(team?.isDefault) : t === teamId;
  };
  return {
    alert: (a) => (a.serviceId ? mine('service', a.serviceId) : mine('escalation-policy', a.escalationPolicyId)),
    line: (lineId) => mine('phone-line', lineId),
  };
}

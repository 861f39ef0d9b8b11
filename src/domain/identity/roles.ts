/** Roles and who may do what: pure, no I/O. */

export const ROLES = ['viewer', 'responder', 'manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface Grant {
  teamId: string;
  role: Role;
}

/** Who is asking, as the authorization rules see them. */
export interface Actor {
  userId: string | null;
  /** admin: everything, everywhere. */
  admin: boolean;
  /** The actor's role in each team (already narrowed by a token's scope). */
  grants: Grant[];
}

export const rank = (r: Role): number => ROLES.indexOf(r);
export const atLeast = (have: Role, need: Role): boolean => rank(have) >= rank(need);
const lower = (a: Role, b: Role): Role => (rank(a) <= rank(b) ? a : b);

export function roleIn(actor: Actor, teamId: string): Role | null {
  if (actor.admin) return 'admin';
  return actor.grants.find((g) => g.teamId === teamId)?.role ?? null;
}

/** True when the actor holds `need` in that team, or (teamId null) in at least one team. */
export function holds(actor: Actor, teamId: string | null, need: Role): boolean {
  if (actor.admin) return true;
  if (need === 'admin') return false;
  return actor.grants.some((g) => (teamId === null || g.teamId === teamId) && atLeast(g.role, need));
}

/** Teams where the actor holds at least `need`. */
export const teamsWith = (actor: Actor, need: Role): string[] =>
  actor.grants.filter((g) => atLeast(g.role, need)).map((g) => g.teamId);

export interface TokenScope {
  role: Role;
  /** Empty means every team the owner can reach (or, for an admin-role token, everything). */
  teamIds: string[];
}

/**
 * What a token may do: never more than its scope, and a personal token never more than its owner.
 * `owner` is null for a service token, which acts with exactly its scope.
 */
export function actorForToken(owner: Actor | null, scope: TokenScope, tokenUserId: string | null): Actor {
  const ownerAdmin = owner === null || owner.admin;
  if (scope.role === 'admin' && scope.teamIds.length === 0 && ownerAdmin) {
    return { userId: tokenUserId, admin: true, grants: [] };
  }
  const capped: Role = scope.role === 'admin' ? 'manager' : scope.role;
  let grants: Grant[];
  if (owner === null) grants = scope.teamIds.map((teamId) => ({ teamId, role: capped }));
  else {
    const reach = owner.admin ? scope.teamIds.map((teamId) => ({ teamId, role: 'manager' as Role })) : owner.grants;
    grants = reach
      .filter((g) => scope.teamIds.length === 0 || scope.teamIds.includes(g.teamId))
      .map((g) => ({ teamId: g.teamId, role: lower(g.role, capped) }));
  }
  return { userId: tokenUserId, admin: false, grants };
}

/** A user's actor from their memberships: an admin membership anywhere makes them admin everywhere. */
export function actorForUser(userId: string, memberships: Grant[]): Actor {
  return { userId, admin: memberships.some((m) => m.role === 'admin'), grants: memberships };
}

import { useQuery } from '@tanstack/react-query';
import { client, ok, type Schema } from './client';

export type Me = Schema<'Me'>;
export type Role = Me['teams'][number]['role'];

const RANK: Record<Role, number> = { viewer: 0, responder: 1, manager: 2, admin: 3 };

/** Who is signed in (GET /auth/me): their person, whether they are an admin, and their role in each team. */
export function useMe() {
  return useQuery({ queryKey: ['me'], queryFn: () => ok(client.GET('/api/v1/auth/me')), staleTime: 60_000 });
}

/**
 * True when the caller holds `need` in at least one team (an admin holds every role). The console hides a
 * control the caller may not use; the API refuses it anyway (src/http/identity/route-rules.ts), so this only
 * spares people buttons that would answer 403. Unknown yet (loading) counts as no.
 */
export function holds(me: Me | undefined, need: Role): boolean {
  if (!me) return false;
  if (me.admin) return true;
  return me.teams.some((t) => RANK[t.role] >= RANK[need]);
}

/** The person themself (a responder at least, as the API asks for writes) or an admin. */
export function isSelfOrAdmin(me: Me | undefined, userId: string): boolean {
  if (!me) return false;
  return me.admin || (me.user?.id === userId && holds(me, 'responder'));
}

/** The caller's highest role anywhere (what the console's controls follow), or null when signed in to no team. */
export function topRole(me: Me): Role | null {
  if (me.admin) return 'admin';
  return me.teams.reduce<Role | null>((best, t) => (best == null || RANK[t.role] > RANK[best] ? t.role : best), null);
}

/** `const can = useCan(); can('manager')`. */
export function useCan(): (need: Role) => boolean {
  const me = useMe();
  return (need) => holds(me.data, need);
}

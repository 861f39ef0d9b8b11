import { ok, type NightlineClient } from '../../client';
import type { Names } from './team-api';
import type { Change, Member } from './team-plan';

type Row = Record<string, unknown> & { id: string };

/** Teams: one unpaged list with the members; memberships are set and removed one person at a time. */
export function teamEndpoints(api: NightlineClient) {
  const member = (id: string, userId: string) => ({ params: { path: { id, userId } } });
  return {
    list: async () => (await ok(api.GET('/api/v1/teams'))).items as unknown as Row[],
    create: (name: string) => ok(api.POST('/api/v1/teams', { body: { name } })),
    setMember: (id: string, userId: string, role: string) =>
      ok(api.PUT('/api/v1/teams/{id}/members/{userId}', { ...member(id, userId), body: { role } as never })),
    removeMember: (id: string, userId: string) =>
      ok(api.DELETE('/api/v1/teams/{id}/members/{userId}', member(id, userId))),
  };
}

/** Creates a missing team, then sets and removes the memberships the plan lists. */
export async function applyTeam(api: NightlineClient, names: Names, c: Change): Promise<void> {
  const ep = teamEndpoints(api);
  if (c.action === 'create') names.set('teams', c.key, (await ep.create(c.key)).id);
  const id = names.id('teams', c.key);
  for (const m of c.members?.set ?? ([] as Member[]))
    await ep.setMember(id, names.id('users', m.user), m.role);
  for (const u of c.members?.remove ?? []) await ep.removeMember(id, names.id('users', u));
}

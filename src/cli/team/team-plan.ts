import { KEY, SECTIONS, type Item, type Section, type TeamFile } from './team-file.schema';

export interface Change {
  action: 'create' | 'update' | 'delete';
  section: Section;
  key: string;
  /** update: the top-level fields that differ. */
  fields?: string[];
  /** create/update: the desired item (file form). */
  item?: Item;
  /** teams: the memberships to set (added or role changed) and the people to take out. */
  members?: { set: Member[]; remove: string[] };
}

export interface Member {
  user: string;
  role: string;
}

/** A team's membership changes: who joins or changes role, who leaves (order in the file does not matter). */
function memberChanges(want: Member[], have: Member[]): { set: Member[]; remove: string[] } {
  const had = new Map(have.map((m) => [m.user, m.role]));
  const wanted = new Set(want.map((m) => m.user));
  return {
    set: want.filter((m) => had.get(m.user) !== m.role),
    remove: have.filter((m) => !wanted.has(m.user)).map((m) => m.user),
  };
}

function describeMembers(c: Change): string[] {
  return [
    ...(c.members?.set ?? []).map((m) => `${m.user} as ${m.role}`),
    ...(c.members?.remove ?? []).map((u) => `remove ${u}`),
  ];
}

/**
 * What `apply` must do to turn `current` into `desired` (both in file form). Only fields the file states
 * are compared, so defaults the server fills in (a time zone, a level's repeatCount) never show up as
 * changes: applying a file twice changes nothing the second time. Creations and updates come in section
 * order, deletions after them in reverse order, so every reference exists when it is used.
 */
export function planChanges(desired: TeamFile, current: TeamFile): Change[] {
  const upserts: Change[] = [];
  const deletes: Change[] = [];
  for (const section of SECTIONS) {
    const key = KEY[section];
    const have = new Map((current[section] as Item[]).map((i) => [String(i[key]), i]));
    const want = new Set<string>();
    for (const item of desired[section] as Item[]) {
      const k = String(item[key]);
      want.add(k);
      const now = have.get(k);
      if (section === 'teams') {
        const members = memberChanges(item.members as Member[], (now?.members ?? []) as Member[]);
        if (!now) upserts.push({ action: 'create', section, key: k, item, members });
        else if (members.set.length + members.remove.length > 0)
          upserts.push({ action: 'update', section, key: k, fields: ['members'], item, members });
        continue;
      }
      if (!now) {
        upserts.push({ action: 'create', section, key: k, item });
        continue;
      }
      const fields = Object.keys(item).filter((f) => canonical(item[f]) !== canonical(now[f]));
      if (fields.length > 0) upserts.push({ action: 'update', section, key: k, fields, item });
    }
    // The API cannot delete a team: a team left out of the file stays (its memberships too).
    if (section === 'teams') continue;
    for (const k of have.keys()) if (!want.has(k)) deletes.unshift({ action: 'delete', section, key: k });
  }
  return [...upserts, ...deletes];
}

/** JSON with sorted keys: equal data compares equal whatever its key order or the realm that built it. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b)))
      : x,
  );
}

const SYMBOL = { create: '+', update: '~', delete: '-' } as const;
const NOUN: Record<Section, string> = {
  users: 'user',
  teams: 'team',
  schedules: 'schedule',
  escalationPolicies: 'escalation policy',
  services: 'service',
  phoneLines: 'phone line',
};

export function describePlan(changes: Change[]): string {
  if (changes.length === 0) return 'No changes: the server already matches the file.';
  const lines = changes.map((c) => {
    const detail = c.members ? describeMembers(c) : (c.fields ?? []);
    return `${SYMBOL[c.action]} ${c.action} ${NOUN[c.section]} ${c.key}${detail.length ? ` (${detail.join(', ')})` : ''}`;
  });
  const count = (a: Change['action']) => changes.filter((c) => c.action === a).length;
  return `${lines.join('\n')}\nPlan: ${count('create')} to create, ${count('update')} to update, ${count('delete')} to delete.`;
}

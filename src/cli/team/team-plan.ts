import { KEY, SECTIONS, type Item, type Section, type TeamFile } from './team-file.schema';

export interface Change {
  action: 'create' | 'update' | 'delete';
  section: Section;
  key: string;
  /** update: the top-level fields that differ. */
  fields?: string[];
  /** create/update: the desired item (file form). */
  item?: Item;
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
      if (!now) {
        upserts.push({ action: 'create', section, key: k, item });
        continue;
      }
      const fields = Object.keys(item).filter((f) => canonical(item[f]) !== canonical(now[f]));
      if (fields.length > 0) upserts.push({ action: 'update', section, key: k, fields, item });
    }
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
  schedules: 'schedule',
  escalationPolicies: 'escalation policy',
  services: 'service',
  phoneLines: 'phone line',
};

export function describePlan(changes: Change[]): string {
  if (changes.length === 0) return 'No changes: the server already matches the file.';
  const lines = changes.map(
    (c) =>
      `${SYMBOL[c.action]} ${c.action} ${NOUN[c.section]} ${c.key}${c.fields ? ` (${c.fields.join(', ')})` : ''}`,
  );
  const count = (a: Change['action']) => changes.filter((c) => c.action === a).length;
  return `${lines.join('\n')}\nPlan: ${count('create')} to create, ${count('update')} to update, ${count('delete')} to delete.`;
}

import { ok, type NightlineClient } from '../../client';
import { CliError } from '../cli-error';
import { SECTIONS, type Item, type Section, type TeamFile } from './team-file.schema';
import type { Change } from './team-plan';
import { applyTeam, teamEndpoints } from './team-members-api';

type Listed = Exclude<Section, 'teams'>;

type Row = Record<string, unknown> & { id: string };
const PAGE = 200;

/** Every item of one collection (the list endpoints page at most 200 at a time). */
async function all(
  fetchPage: (offset: number) => Promise<{ data: unknown[]; total: number }>,
): Promise<Row[]> {
  const rows: Row[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await fetchPage(offset);
    rows.push(...(page.data as Row[]));
    if (page.data.length === 0 || rows.length >= page.total) return rows;
  }
}

const query = (offset: number) => ({ params: { query: { limit: PAGE, offset } } });

/** A resource created with X-Team-Id goes to that team; without it, an admin's goes to the default team. */
const teamHeader = (teamId: string | undefined) => (teamId ? { 'X-Team-Id': teamId } : {});

/** Each section through the generated client: list, create, update (PUT for policies: levels are replaced whole), delete. */
function endpoints(api: NightlineClient) {
  const byId = (id: string) => ({ params: { path: { id } } });
  return {
    users: {
      list: () => all((o) => ok(api.GET('/api/v1/users', query(o)))),
      create: (body: Item, teamId?: string) =>
        ok(api.POST('/api/v1/users', { body: body as never, headers: teamHeader(teamId) })),
      update: (id: string, body: Item) =>
        ok(api.PATCH('/api/v1/users/{id}', { ...byId(id), body: body as never })),
      remove: (id: string) => ok(api.DELETE('/api/v1/users/{id}', byId(id))),
    },
    schedules: {
      list: () => all((o) => ok(api.GET('/api/v1/schedules', query(o)))),
      create: (body: Item, teamId?: string) =>
        ok(api.POST('/api/v1/schedules', { body: body as never, headers: teamHeader(teamId) })),
      update: (id: string, body: Item) =>
        ok(api.PATCH('/api/v1/schedules/{id}', { ...byId(id), body: body as never })),
      remove: (id: string) => ok(api.DELETE('/api/v1/schedules/{id}', byId(id))),
    },
    escalationPolicies: {
      list: () => all((o) => ok(api.GET('/api/v1/escalation-policies', query(o)))),
      create: (body: Item, teamId?: string) =>
        ok(api.POST('/api/v1/escalation-policies', { body: body as never, headers: teamHeader(teamId) })),
      update: (id: string, body: Item) =>
        ok(api.PUT('/api/v1/escalation-policies/{id}', { ...byId(id), body: body as never })),
      remove: (id: string) => ok(api.DELETE('/api/v1/escalation-policies/{id}', byId(id))),
    },
    services: {
      list: () => all((o) => ok(api.GET('/api/v1/services', query(o)))),
      create: (body: Item, teamId?: string) =>
        ok(api.POST('/api/v1/services', { body: body as never, headers: teamHeader(teamId) })),
      update: (id: string, body: Item) =>
        ok(api.PATCH('/api/v1/services/{id}', { ...byId(id), body: body as never })),
      remove: (id: string) => ok(api.DELETE('/api/v1/services/{id}', byId(id))),
    },
    phoneLines: {
      list: () => all((o) => ok(api.GET('/api/v1/phone-lines', query(o)))),
      create: (body: Item, teamId?: string) =>
        ok(api.POST('/api/v1/phone-lines', { body: body as never, headers: teamHeader(teamId) })),
      update: (id: string, body: Item) =>
        ok(api.PATCH('/api/v1/phone-lines/{id}', { ...byId(id), body: body as never })),
      remove: (id: string) => ok(api.DELETE('/api/v1/phone-lines/{id}', byId(id))),
    },
  } satisfies Record<Listed, unknown>;
}

/** Server-owned fields, never written to the file. */
const SERVER_FIELDS = new Set([
  'id',
  'createdAt',
  'updatedAt',
  'calendarFeed',
  'smsOptedOut',
  'routingKey',
  'teamId',
  'isDefault',
]);

/** Names by id and ids by name, for every section: the two directions of the file's references. */
class Names {
  private readonly toName = new Map<string, string>();
  private readonly toId = new Map<string, string>();
  private readonly owners = new Map<string, string>();
  /** The team (by name) that owns a resource, by the resource's id. */
  owner(id: string): string | undefined {
    return this.owners.get(id);
  }
  setOwner(id: string, team: string) {
    this.owners.set(id, team);
  }
  name(id: unknown): string {
    return this.toName.get(String(id)) ?? String(id);
  }
  id(section: Section, name: unknown): string {
    const id = this.toId.get(`${section}:${String(name)}`);
    if (!id) throw new Error(`${section} "${String(name)}" does not exist on the server`);
    return id;
  }
  set(section: Section, name: string, id: string) {
    this.toName.set(id, name);
    this.toId.set(`${section}:${name}`, id);
  }
  has(section: Section, name: string) {
    return this.toId.has(`${section}:${name}`);
  }
}

const strip = (row: Row): Item =>
  Object.fromEntries(Object.entries(row).filter(([k, v]) => !SERVER_FIELDS.has(k) && v !== undefined));
const mapMembers = (ms: unknown, f: (m: Record<string, unknown>) => Record<string, unknown>) =>
  Array.isArray(ms) ? ms.map(f) : ms;

/** Server rows to file form (ids replaced by names) and back. */
function converters(names: Names) {
  const memberOut = (m: Record<string, unknown>) => ({ user: names.name(m.userId) });
  const memberIn = (m: Record<string, unknown>) => ({ userId: names.id('users', m.user) });
  const rotationOut = (l: Record<string, unknown>): Item => ({
    ...l,
    members: mapMembers(l.members, memberOut),
  });
  const rotationIn = (l: Record<string, unknown>): Item => ({
    ...l,
    members: mapMembers(l.members, memberIn),
  });
  const hr = (v: unknown, f: (m: Record<string, unknown>) => Record<string, unknown>) =>
    v && typeof v === 'object' ? { members: mapMembers((v as Item).members, f) } : v;
  const renameRef = (i: Item, from: string, to: string, map: (v: unknown) => unknown): Item => {
    const { [from]: v, ...rest } = i;
    return v === undefined ? rest : { ...rest, [to]: v === null ? null : map(v) };
  };
  return {
    out: {
      users: (r: Row): Item => strip(r),
      teams: (r: Row): Item => ({
        name: r.name,
        members: (r.members as { userId: string; role: string }[])
          .map((m) => ({ user: names.name(m.userId), role: m.role }))
          .sort((x, y) => x.user.localeCompare(y.user)),
      }),
      schedules: (r: Row): Item => {
        const s = rotationOut(strip(r));
        if (Array.isArray(s.layers)) s.layers = s.layers.map(rotationOut);
        if ('holidayRotation' in s) s.holidayRotation = hr(s.holidayRotation, memberOut);
        return s;
      },
      escalationPolicies: (r: Row) => {
        const p = renameRef(strip(r), 'ownerUserId', 'owner', (v) => names.name(v));
        p.levels = (p.levels as Item[]).map((l) => ({
          ...l,
          targets: (l.targets as Item[]).map((t) =>
            t.type === 'user'
              ? { type: 'user', user: names.name(t.id) }
              : { type: 'schedule', schedule: names.name(t.id) },
          ),
        }));
        return p;
      },
      services: (r: Row) =>
        renameRef(strip(r), 'escalationPolicyId', 'escalationPolicy', (v) => names.name(v)),
      phoneLines: (r: Row) =>
        renameRef(
          renameRef(strip(r), 'scheduleId', 'schedule', (v) => names.name(v)),
          'escalationPolicyId',
          'escalationPolicy',
          (v) => names.name(v),
        ),
    },
    in: {
      users: (i: Item): Item => i,
      schedules: (i: Item): Item => {
        const s = rotationIn(i);
        if (Array.isArray(s.layers)) s.layers = s.layers.map(rotationIn);
        if ('holidayRotation' in s) s.holidayRotation = hr(s.holidayRotation, memberIn);
        return s;
      },
      escalationPolicies: (i: Item) => {
        const p = renameRef(i, 'owner', 'ownerUserId', (v) => names.id('users', v));
        p.levels = (p.levels as Item[]).map((l) => ({
          ...l,
          targets: (l.targets as Item[]).map((t) =>
            t.type === 'user'
              ? { type: 'user', id: names.id('users', t.user) }
              : { type: 'schedule', id: names.id('schedules', t.schedule) },
          ),
        }));
        return p;
      },
      services: (i: Item) =>
        renameRef(i, 'escalationPolicy', 'escalationPolicyId', (v) => names.id('escalationPolicies', v)),
      phoneLines: (i: Item) =>
        renameRef(
          renameRef(i, 'schedule', 'scheduleId', (v) => names.id('schedules', v)),
          'escalationPolicy',
          'escalationPolicyId',
          (v) => names.id('escalationPolicies', v),
        ),
    },
  };
}

const KEY_OF: Record<Section, (r: Row) => string> = {
  users: (r) => String(r.email),
  teams: (r) => String(r.name),
  schedules: (r) => String(r.name),
  escalationPolicies: (r) => String(r.name),
  services: (r) => String(r.name),
  phoneLines: (r) => String(r.number),
};

/** The server's configuration, in file form, plus the name<->id table `applyChanges` needs. */
export async function readServer(api: NightlineClient): Promise<{ file: TeamFile; names: Names }> {
  const ep = endpoints(api);
  const names = new Names();
  const rows = {} as Record<Section, Row[]>;
  for (const s of SECTIONS) {
    rows[s] = s === 'teams' ? await teamEndpoints(api).list() : await ep[s].list();
    for (const r of rows[s]) names.set(s, KEY_OF[s](r), r.id);
  }
  for (const t of rows.teams)
    for (const o of (t.resources ?? []) as { id: string }[]) names.setOwner(o.id, String(t.name));
  const conv = converters(names);
  const file = { version: 1 as const } as TeamFile;
  for (const s of SECTIONS)
    (file as Record<Section, Item[]>)[s] = rows[s]
      .map((r) => withOwner(conv.out[s](r), names.owner(r.id)))
      .sort((a, b) => String(a[keyField(s)]).localeCompare(String(b[keyField(s)])));
  return { file, names };
}

/** `team:` right after the item's name, so it reads first in the file. */
function withOwner(item: Item, team: string | undefined): Item {
  if (!team) return item;
  const [first, ...rest] = Object.entries(item);
  return Object.fromEntries([first!, ['team', team], ...rest]);
}

const keyField = (s: Section) => (s === 'users' ? 'email' : s === 'phoneLines' ? 'number' : 'name');

/** Runs the plan in order; `onDone` hears of each change once it has been made. */
export async function applyChanges(
  api: NightlineClient,
  names: Names,
  changes: Change[],
  onDone: (c: Change) => void,
): Promise<void> {
  const ep = endpoints(api);
  const conv = converters(names);
  for (const c of changes) {
    if (c.section === 'teams') {
      await applyTeam(api, names, c);
    } else if (c.action === 'delete') {
      await ep[c.section].remove(names.id(c.section, c.key));
    } else if (c.action === 'create') {
      const { team, ...item } = c.item!;
      const teamId = team === undefined ? undefined : names.id('teams', team);
      const created = (await ep[c.section].create(conv.in[c.section](item), teamId)) as Row;
      names.set(c.section, c.key, created.id);
    } else {
      if (c.fields!.includes('team'))
        throw new CliError(
          `${c.section} ${c.key}: moving it to another team is not possible through the API`,
        );
      const item = c.item!;
      // Only what changed (a policy's PUT needs the whole policy).
      const body =
        c.section === 'escalationPolicies' ? item : Object.fromEntries(c.fields!.map((f) => [f, item[f]]));
      const full = conv.in[c.section]({ ...body });
      await ep[c.section].update(names.id(c.section, c.key), full);
    }
    onDone(c);
  }
}

export type { Names };

import { readFile } from 'node:fs/promises';
import { LineCounter, isNode, parseDocument, stringify, type Document } from 'yaml';
import { CliError } from '../cli-error';
import { KEY, SECTIONS, teamFile, type Item, type TeamFile } from './team-file.schema';

type Path = (string | number)[];

/** A parsed team file that can still say on which line any field was written. */
export interface LoadedTeamFile {
  file: TeamFile;
  lineOf(path: Path): number | null;
}

const dotted = (path: Path) =>
  path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${p}`)).join('');

function locator(doc: Document, lines: LineCounter) {
  return (path: Path): number | null => {
    // The deepest node that exists on the path: a missing field is reported on its parent's line.
    for (let n = path.length; n >= 0; n--) {
      const node: unknown = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
      if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
    }
    return null;
  };
}

/** Every name a file refers to must be defined in the same file (the file is the whole configuration). */
function referenceProblems(f: TeamFile): { path: Path; message: string }[] {
  const names = Object.fromEntries(
    SECTIONS.map((s) => [s, new Set((f[s] as Item[]).map((i) => String(i[KEY[s]])))]),
  );
  const problems: { path: Path; message: string }[] = [];
  const need = (
    section: 'users' | 'teams' | 'schedules' | 'escalationPolicies',
    name: unknown,
    path: Path,
  ) => {
    if (typeof name === 'string' && !names[section]!.has(name))
      problems.push({ path, message: `no ${section} entry named "${name}" in this file` });
  };
  for (const s of SECTIONS) {
    const seen = new Set<string>();
    (f[s] as Item[]).forEach((i, n) => {
      const k = String(i[KEY[s]]);
      if (seen.has(k)) problems.push({ path: [s, n, KEY[s]], message: `"${k}" appears twice` });
      seen.add(k);
    });
  }
  f.teams.forEach((t, i) => {
    t.members.forEach((m, j) => need('users', m.user, ['teams', i, 'members', j, 'user']));
    const once = new Set<string>();
    t.members.forEach((m, j) => {
      if (once.has(m.user))
        problems.push({ path: ['teams', i, 'members', j, 'user'], message: `"${m.user}" appears twice` });
      once.add(m.user);
    });
  });
  for (const s of ['schedules', 'escalationPolicies', 'services', 'phoneLines'] as const)
    f[s].forEach((item, i) => need('teams', item.team, [s, i, 'team']));
  f.schedules.forEach((s, i) => {
    s.members.forEach((m, j) => need('users', m.user, ['schedules', i, 'members', j, 'user']));
    (s.layers ?? []).forEach((l, k) =>
      l.members.forEach((m, j) => need('users', m.user, ['schedules', i, 'layers', k, 'members', j, 'user'])),
    );
    (s.holidayRotation?.members ?? []).forEach((m, j) =>
      need('users', m.user, ['schedules', i, 'holidayRotation', 'members', j, 'user']),
    );
  });
  f.escalationPolicies.forEach((p, i) => {
    if (p.owner) need('users', p.owner, ['escalationPolicies', i, 'owner']);
    p.levels.forEach((l, k) =>
      l.targets.forEach((t, j) => {
        const at: Path = ['escalationPolicies', i, 'levels', k, 'targets', j];
        if (t.type === 'user') need('users', t.user, [...at, 'user']);
        else need('schedules', t.schedule, [...at, 'schedule']);
      }),
    );
  });
  f.services.forEach((s, i) =>
    need('escalationPolicies', s.escalationPolicy, ['services', i, 'escalationPolicy']),
  );
  f.phoneLines.forEach((l, i) => {
    if (l.schedule) need('schedules', l.schedule, ['phoneLines', i, 'schedule']);
    if (l.escalationPolicy)
      need('escalationPolicies', l.escalationPolicy, ['phoneLines', i, 'escalationPolicy']);
  });
  return problems;
}

/** Parses YAML text; any problem becomes a CliError naming `path:line` and the field. */
export function parseTeamFile(text: string, name: string): LoadedTeamFile {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    throw new CliError(
      `${name}:${lines.linePos(e.pos[0]).line}: not valid YAML: ${e.message.split('\n')[0]}`,
    );
  }
  const lineOf = locator(doc, lines);
  const at = (path: Path, message: string) =>
    `${name}:${lineOf(path) ?? 1}: ${dotted(path) || '(top level)'}: ${message}`;
  const parsed = teamFile.safeParse(doc.toJS());
  if (!parsed.success) {
    throw new CliError(
      parsed.error.issues
        .slice(0, 5)
        .map((i) => at(i.path as Path, i.message))
        .join('\n'),
    );
  }
  const problems = referenceProblems(parsed.data);
  if (problems.length > 0)
    throw new CliError(
      problems
        .slice(0, 5)
        .map((p) => at(p.path, p.message))
        .join('\n'),
    );
  return { file: parsed.data, lineOf };
}

export async function readTeamFile(path: string): Promise<LoadedTeamFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new CliError(`cannot read ${path}: ${(err as { code?: string }).code ?? String(err)}`);
  }
  return parseTeamFile(text, path);
}

export function formatTeamFile(f: TeamFile): string {
  return `# Nightline configuration: nightline apply -f <this file> makes the server match it.\n${stringify(f, { lineWidth: 0 })}`;
}

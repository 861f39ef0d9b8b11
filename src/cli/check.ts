import { shiftsBetween } from '../domain/schedule-resolve';
import type { LoadedSchedule } from './schedule-file';

export interface Problem {
  kind: 'gap' | 'overlapping_overrides' | 'unknown_member';
  message: string;
  [k: string]: unknown;
}

/** Problems of a schedule file: gaps in [from, to), overlapping overrides, and people nobody describes. */
export function findProblems(l: LoadedSchedule, from: Date, to: Date): Problem[] {
  const s = l.schedule;
  const problems: Problem[] = [];
  const known = (id: string) => l.people.has(id);
  const mention = (where: string, id: string | null | undefined) => {
    if (id && !known(id)) problems.push({ kind: 'unknown_member', message: `${where}: unknown member ${id} (no name given)`, userId: id });
  };
  s.layers.forEach((layer, li) => layer.members.forEach((m, i) => mention(`layers.${li}.members.${i}`, m.userId)));
  s.overrides.forEach((o, i) => {
    mention(`overrides.${i}.userId`, o.userId);
    mention(`overrides.${i}.replacesUserId`, o.replacesUserId);
  });
  s.timeOff.forEach((t, i) => mention(`timeOff.${i}.userId`, t.userId));

  const sorted = s.overrides.map((o, i) => ({ o, i })).sort((a, b) => a.o.startsAt.getTime() - b.o.startsAt.getTime());
  for (let a = 0; a < sorted.length; a++) {
    for (let b = a + 1; b < sorted.length; b++) {
      const x = sorted[a]!;
      const y = sorted[b]!;
      if (y.o.startsAt >= x.o.endsAt) break;
      problems.push({
        kind: 'overlapping_overrides',
        message: `overrides ${x.i} and ${y.i} overlap from ${y.o.startsAt.toISOString()} to ${new Date(Math.min(x.o.endsAt.getTime(), y.o.endsAt.getTime())).toISOString()}`,
        overrides: [x.o.id, y.o.id],
      });
    }
  }

  for (const sh of shiftsBetween(s, from, to)) {
    if (sh.userId === null) {
      problems.push({
        kind: 'gap',
        message: `nobody on call from ${sh.start.toISOString()} to ${sh.end.toISOString()}${sh.reason ? ` (${sh.reason})` : ''}`,
        start: sh.start.toISOString(),
        end: sh.end.toISOString(),
      });
    }
  }
  return problems;
}

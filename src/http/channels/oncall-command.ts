import type { Connection } from 'mongoose';
import { onCallAt, usersOf } from '../../db/schedule-views';
import { scheduleModel, type ScheduleDoc } from '../../db/schedule.model';

const MAX_SCHEDULES = 20;

/**
 * The answer to `/oncall [schedule]`: for the named schedule (by name, any case, or id), or for every
 * schedule, who is on call now and who comes next.
 */
export async function whoIsOnCall(conn: Connection, query: string, now: Date): Promise<string> {
  const all = await scheduleModel(conn).find({}).sort({ name: 1 }).limit(500).lean<ScheduleDoc[]>();
  const wanted = query ? all.filter((s) => s.name.toLowerCase() === query.toLowerCase() || String(s._id) === query) : all.slice(0, MAX_SCHEDULES);
  if (wanted.length === 0) return query ? `No schedule named “${query}”.` : 'There are no schedules yet.';
  const lines: string[] = [];
  for (const doc of wanted) {
    const current = await onCallAt(conn, doc, now);
    const next = current.shiftEnd ? await onCallAt(conn, doc, current.shiftEnd) : null;
    const names = await usersOf(conn, [current.userId, next?.userId]);
    const who = (id: string | null | undefined) => (id ? (names.get(id)?.name ?? 'a removed user') : 'nobody');
    const until = current.shiftEnd ? ` until ${stamp(current.shiftEnd, doc.timezone)}` : '';
    const then = next ? `; next: ${who(next.userId)}` : '';
    lines.push(`*${doc.name}*: now ${who(current.userId)}${until}${then}`);
  }
  return lines.join('\n');
}

function stamp(at: Date, timezone: string): string {
  const opts = { timeZone: timezone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' } as const;
  return new Intl.DateTimeFormat('en-GB', opts).format(at);
}

import { DateTime } from 'luxon';

/**
 * The morning debrief, pure: the night's after-hours calls, alerts and who was woken, built from plain
 * records that the caller loaded for the night window.
 */

export const DEFAULT_DEBRIEF_TIME = '08:00';
/** The night starts at this local time the evening before. */
export const NIGHT_STARTS = '18:00';

export interface DebriefCallRecord {
  at: Date;
  caller: string;
  line: string | null;
  /** What the caller said (transcription), if anything was captured. */
  said: string | null;
  rung: string[];
  answeredBy: string | null;
}

export interface DebriefAlertRecord {
  id: string;
  title: string;
  severity: string;
  triggeredAt: Date;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
  resolvedAt: Date | null;
}

export interface DebriefPageRecord {
  userId: string;
  name: string;
  channel: string;
  alertId: string;
  at: Date;
}

export interface Debrief {
  date: string;
  timezone: string;
  from: string;
  to: string;
  calls: Array<{ at: string; caller: string; line: string | null; said: string | null; rung: string[]; answeredBy: string | null }>;
  alerts: Array<{
    id: string;
    title: string;
    severity: string;
    triggeredAt: string;
    acknowledgedAt: string | null;
    acknowledgedBy: string | null;
    resolvedAt: string | null;
    minutesToAck: number | null;
  }>;
  woken: Array<{ userId: string; name: string; pages: number; alerts: number }>;
  summary: { calls: number; alerts: number; acknowledged: number; resolved: number };
}

/** [evening before at 18:00, `date` at the debrief time), local to `zone`, as instants. */
export function nightWindow(date: string, zone: string, debriefTime = DEFAULT_DEBRIEF_TIME): { from: Date; to: Date } {
  const at = (d: DateTime, hhmm: string) => {
    const [h, m] = hhmm.split(':').map(Number);
    return d.set({ hour: h, minute: m, second: 0, millisecond: 0 });
  };
  const day = DateTime.fromISO(date, { zone });
  return { from: at(day.minus({ days: 1 }), NIGHT_STARTS).toJSDate(), to: at(day, debriefTime).toJSDate() };
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function buildDebrief(input: {
  date: string;
  timezone: string;
  from: Date;
  to: Date;
  calls: DebriefCallRecord[];
  alerts: DebriefAlertRecord[];
  pages: DebriefPageRecord[];
}): Debrief {
  const calls = [...input.calls].sort((a, b) => a.at.getTime() - b.at.getTime());
  const alerts = [...input.alerts].sort((a, b) => a.triggeredAt.getTime() - b.triggeredAt.getTime());
  const woken = new Map<string, { userId: string; name: string; pages: number; alerts: Set<string> }>();
  for (const p of input.pages) {
    const w = woken.get(p.userId) ?? { userId: p.userId, name: p.name, pages: 0, alerts: new Set<string>() };
    w.pages += 1;
    w.alerts.add(p.alertId);
    woken.set(p.userId, w);
  }
  return {
    date: input.date,
    timezone: input.timezone,
    from: input.from.toISOString(),
    to: input.to.toISOString(),
    calls: calls.map((c) => ({ at: c.at.toISOString(), caller: c.caller, line: c.line, said: c.said, rung: c.rung, answeredBy: c.answeredBy })),
    alerts: alerts.map((a) => ({
      id: a.id,
      title: a.title,
      severity: a.severity,
      triggeredAt: a.triggeredAt.toISOString(),
      acknowledgedAt: iso(a.acknowledgedAt),
      acknowledgedBy: a.acknowledgedBy,
      resolvedAt: iso(a.resolvedAt),
      minutesToAck: a.acknowledgedAt ? Math.round((a.acknowledgedAt.getTime() - a.triggeredAt.getTime()) / 60_000) : null,
    })),
    woken: [...woken.values()]
      .map((w) => ({ userId: w.userId, name: w.name, pages: w.pages, alerts: w.alerts.size }))
      .sort((a, b) => b.pages - a.pages || a.name.localeCompare(b.name)),
    summary: {
      calls: calls.length,
      alerts: alerts.length,
      acknowledged: alerts.filter((a) => a.acknowledgedAt).length,
      resolved: alerts.filter((a) => a.resolvedAt).length,
    },
  };
}

/** Plain-text rendering for email, Slack and SMS. */
export function debriefText(d: Debrief): string {
  const t = (s: string) => DateTime.fromISO(s, { zone: d.timezone }).toFormat('HH:mm');
  const out = [`Night of ${d.date}: ${d.summary.calls} call(s), ${d.summary.alerts} alert(s).`];
  for (const c of d.calls) {
    const who = c.answeredBy ? `${c.answeredBy} answered` : 'nobody answered';
    const rung = c.rung.length ? `rang ${c.rung.join(', ')}` : 'rang nobody';
    out.push(`${t(c.at)} call from ${c.caller}${c.said ? `: "${c.said}"` : ''} — ${rung}; ${who}.`);
  }
  for (const a of d.alerts) {
    const ack = a.minutesToAck === null ? 'not acknowledged' : `acknowledged by ${a.acknowledgedBy ?? 'someone'} after ${a.minutesToAck} min`;
    out.push(`${t(a.triggeredAt)} alert "${a.title}" (${a.severity}) — ${ack}${a.resolvedAt ? `, resolved ${t(a.resolvedAt)}` : ''}.`);
  }
  if (d.woken.length) out.push(`Woken: ${d.woken.map((w) => `${w.name} ${w.pages}×`).join(', ')}.`);
  else out.push('Nobody was woken.');
  return out.join('\n');
}

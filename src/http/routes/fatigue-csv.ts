import type { FatigueReportView } from '../../db/fatigue/fatigue.repository';

const HEADER = [
  'month', 'userId', 'name', 'timezone', 'onCallHours', 'businessHours', 'afterHours', 'weekendHours', 'holidayHours',
  'pages', 'notifications', 'interruptions', 'nightInterruptions', 'acknowledged', 'meanAckSeconds', 'worstAckSeconds', 'warnings',
];

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
const cell = (v: unknown): string => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** One row per person, then a "team mean" row; CRLF line ends, as spreadsheets expect. */
export function fatigueCsv(r: FatigueReportView): string {
  const rows = r.people.map((p) => [
    r.month, p.userId, p.name, p.timezone, p.onCallHours.total, p.onCallHours.business, p.onCallHours.afterHours, p.onCallHours.weekend,
    p.onCallHours.holiday, p.pages, p.notifications, p.interruptions, p.nightInterruptions, p.acknowledged, p.meanAckSeconds, p.worstAckSeconds,
    p.warnings.map((w) => w.message).join('; '),
  ]);
  const t = r.team;
  rows.push([r.month, 'team-mean', `team mean (${t.people} people)`, r.timezone, t.onCallHours, '', '', '', '', t.pages, '', t.interruptions, t.nightInterruptions, '', t.meanAckSeconds, '', '']);
  return [HEADER, ...rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}

import { DateTime } from 'luxon';
import type { PlannedNotice, ShiftSnapshot, ShiftSpan } from './handoff-notices';

/** How many spans a change notice lists in each part before saying "and N more". */
const LISTED = 3;

const clip = (spans: readonly ShiftSpan[], userId: string, from: number, to: number) =>
  spans
    .filter((s) => s.userId === userId && s.end > from && s.start < to)
    .map((s) => ({ start: Math.max(s.start, from), end: Math.min(s.end, to) }));

const spanKey = (s: { start: number; end: number }) => `${s.start}-${s.end}`;

/** FNV-1a: a short, stable digest for notice keys (not for security). */
function digest(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

function describe(spans: Array<{ start: number; end: number }>, zone: string): string {
  const fmt = (t: number) => DateTime.fromMillis(t, { zone, locale: 'en-US' }).toFormat('ccc d LLL HH:mm');
  const abbr = spans[0] ? DateTime.fromMillis(spans[0].start, { zone, locale: 'en-US' }).toFormat('ZZZZ') : '';
  const shown = spans.slice(0, LISTED).map((s) => `${fmt(s.start)}–${fmt(s.end)}`);
  if (spans.length > LISTED) shown.push(`and ${spans.length - LISTED} more`);
  return `${shown.join(', ')} ${abbr}`.trim();
}

/**
 * Change notices after an edit: each person whose on-call time within the window both snapshots cover,
 * from `now` on, differs between the earlier and the new snapshot is told what they gained and lost.
 * Time simply passing changes nothing, since both snapshots are clipped to the same window.
 */
export function shiftChangeNotices(input: {
  scheduleId: string;
  scheduleName: string;
  timezone: string;
  before: ShiftSnapshot;
  after: ShiftSnapshot;
  now: number;
}): PlannedNotice[] {
  const { before, after, now } = input;
  const from = Math.max(now, before.from, after.from);
  const to = Math.min(before.to, after.to);
  if (to <= from) return [];
  const people = [...new Set([...before.spans, ...after.spans].map((s) => s.userId))].sort();
  const notices: PlannedNotice[] = [];
  for (const userId of people) {
    const was = clip(before.spans, userId, from, to);
    const now_ = clip(after.spans, userId, from, to);
    const wasKeys = new Set(was.map(spanKey));
    const nowKeys = new Set(now_.map(spanKey));
    const added = now_.filter((s) => !wasKeys.has(spanKey(s)));
    const removed = was.filter((s) => !nowKeys.has(spanKey(s)));
    if (!added.length && !removed.length) continue;
    const parts = [`Your on-call shifts for ${input.scheduleName} changed.`];
    if (added.length) parts.push(`Now on call: ${describe(added, input.timezone)}.`);
    if (removed.length) parts.push(`No longer on call: ${describe(removed, input.timezone)}.`);
    notices.push({
      key: `notice:${input.scheduleId}:change:${userId}:${digest([...was, '|', ...now_].map((s) => (typeof s === 'string' ? s : spanKey(s))).join(','))}`,
      at: now,
      kind: 'shift_change',
      topic: 'changes',
      userId,
      text: parts.join(' '),
    });
  }
  return notices;
}

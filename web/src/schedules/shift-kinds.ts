import type { Shift } from '../api/types';

/** How a stretch of the final schedule came about; each kind has a pattern, an icon and a word (never colour alone). */
export type ShiftKind = 'rotation' | 'override' | 'swap' | 'cover' | 'holiday' | 'gap';

export const KIND_LEGEND: { kind: ShiftKind | 'away'; icon: string; text: string }[] = [
  { kind: 'rotation', icon: '', text: 'rotation' },
  { kind: 'override', icon: '✎', text: 'override' },
  { kind: 'swap', icon: '⇄', text: 'swap' },
  { kind: 'away', icon: '✈', text: 'time off' },
  { kind: 'cover', icon: '☂', text: 'cover for time off' },
  { kind: 'holiday', icon: '★', text: 'holiday' },
  { kind: 'gap', icon: '⚠', text: 'gap: nobody on call' },
];

/** Context a shift alone does not carry: which overrides are swap halves, and people's names. */
export interface ShiftContext {
  swapOverrides: ReadonlySet<string>;
  nameOf: (userId: string) => string;
}

export function shiftKind(s: Shift, ctx: ShiftContext): ShiftKind {
  if (s.gap) return 'gap';
  if (s.source === 'override') return s.overrideId && ctx.swapOverrides.has(s.overrideId) ? 'swap' : 'override';
  if (s.source === 'cover' || s.source === 'holiday') return s.source;
  return 'rotation';
}

/** The words drawn on a shift. */
export function shiftLabel(s: Shift, ctx: ShiftContext): string {
  const who = s.name ?? (s.userId ? ctx.nameOf(s.userId) : '?');
  const holiday = s.holiday ? ` ★ ${s.holiday}` : '';
  switch (shiftKind(s, ctx)) {
    case 'gap':
      return `⚠ GAP: nobody on call${s.reason ? ` (${s.reason})` : ''}${holiday}`;
    case 'override':
      return `✎ Override: ${who}${holiday}`;
    case 'swap':
      return `⇄ Swap: ${who}${holiday}`;
    case 'cover':
      return `☂ Cover: ${who}${s.coveringFor ? ` for ${ctx.nameOf(s.coveringFor)} (time off)` : ' (time off)'}${holiday}`;
    case 'holiday':
      return `★ Holiday${s.holiday ? ` ${s.holiday}` : ''}: ${who}`;
    default:
      return `${who}${holiday}`;
  }
}

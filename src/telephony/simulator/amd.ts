import type { AnsweredBy } from './types';

/** What answering-machine detection reports for what actually answered, per detection mode. */
export function detectedAs(answer: AnsweredBy, mode: string): AnsweredBy {
  if (!answer.startsWith('machine_')) return answer;
  if (mode === 'DetectMessageEnd') return answer === 'machine_start' ? 'machine_end_other' : answer;
  return 'machine_start';
}

/** Detection takes a moment; waiting for the end of a voicemail greeting takes longer. */
export const amdSeconds = (a: AnsweredBy): number =>
  a.startsWith('machine_end') ? 12 : a === 'unknown' ? 5 : 3;

/** True when what picked up is not a person: such a party presses no keys. */
export const isMachine = (a: string | undefined): boolean => !!a && (a.startsWith('machine_') || a === 'fax');

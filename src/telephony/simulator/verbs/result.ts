import type { CallRun, DocSource } from '../call-run';
import type { TwimlNode } from '../twiml';

/**
 * What a verb tells the interpreter: go on, fetch another document, or the call is over; `hangup` is
 * an explicit <Hangup/>/<Reject/>, which a <Number url> whisper treats as declining the call.
 */
export type VerbResult =
  { next: 'continue' } | { next: 'goto'; source: DocSource } | { next: 'end' } | { next: 'hangup' };
export type VerbHandler = (run: CallRun, node: TwimlNode, docUrl: string | null) => Promise<VerbResult>;

export const CONTINUE: VerbResult = { next: 'continue' };
export const END: VerbResult = { next: 'end' };
export const HANGUP: VerbResult = { next: 'hangup' };

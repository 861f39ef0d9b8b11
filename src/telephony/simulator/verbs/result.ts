import type { CallRun, DocSource } from '../call-run';
import type { TwimlNode } from '../twiml';

/** What a verb tells the interpreter: go on, fetch another document, or the call is over. */
export type VerbResult = { next: 'continue' } | { next: 'goto'; source: DocSource } | { next: 'end' };
export type VerbHandler = (run: CallRun, node: TwimlNode, docUrl: string | null) => Promise<VerbResult>;

export const CONTINUE: VerbResult = { next: 'continue' };
export const END: VerbResult = { next: 'end' };

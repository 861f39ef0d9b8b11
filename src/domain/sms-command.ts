/**
 * What a text message sent to Nightline asks for. Pure and tolerant: case, spacing, quotes and
 * punctuation do not matter, and the alert's short code may come before or after the command.
 */

export type SmsAction = 'acknowledge' | 'escalate' | 'resolve';

export type SmsCommand =
  | { kind: 'action'; action: SmsAction; code?: number }
  /** "1 ALL", "ACK ALL": every alert of the person's latest bundled text. */
  | { kind: 'all'; action: Extract<SmsAction, 'acknowledge' | 'resolve'> }
  | { kind: 'stop' }
  | { kind: 'start' }
  | { kind: 'help' }
  | { kind: 'unknown' };

/** Carrier keywords (CTIA), matched only when they are the whole message, as carriers do. */
export const STOP_KEYWORDS = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT'] as const;
export const START_KEYWORDS = ['START', 'UNSTOP', 'YES'] as const;
export const HELP_KEYWORDS = ['HELP', 'INFO'] as const;

const WORDS: Record<string, SmsAction> = {
  ack: 'acknowledge',
  acked: 'acknowledge',
  acknowledge: 'acknowledge',
  acknowledged: 'acknowledge',
  a: 'acknowledge',
  ok: 'acknowledge',
  esc: 'escalate',
  escalate: 'escalate',
  e: 'escalate',
  next: 'escalate',
  res: 'resolve',
  resolve: 'resolve',
  resolved: 'resolve',
  r: 'resolve',
  fixed: 'resolve',
};
const DIGITS: Record<string, SmsAction> = { '1': 'acknowledge', '2': 'escalate', '3': 'resolve' };

/** Lower-cased tokens without quotes or punctuation; `#42` keeps its marker so it is always a code. */
export function tokenize(body: string): string[] {
  return body
    .normalize('NFKC')
    .toLowerCase()
    .replace(/["'`\u2018\u2019\u201c\u201d\u00ab\u00bb]/g, ' ')
    .replace(/#/g, ' #')
    .replace(/[^a-z0-9#]+/g, ' ')
    .trim()
    .split(/\s+/)
    .filter((t) => t !== '' && t !== '#');
}

export function parseSmsCommand(body: string): SmsCommand {
  const tokens = tokenize(body);
  if (tokens.length === 0) return { kind: 'unknown' };
  if (tokens.length === 1) {
    const upper = (tokens[0] ?? '').toUpperCase();
    if ((STOP_KEYWORDS as readonly string[]).includes(upper)) return { kind: 'stop' };
    if ((START_KEYWORDS as readonly string[]).includes(upper)) return { kind: 'start' };
    if ((HELP_KEYWORDS as readonly string[]).includes(upper)) return { kind: 'help' };
  }
  if (tokens.length === 2 && tokens.join(' ') === 'stop all') return { kind: 'stop' };
  if (tokens.length === 2 && tokens.includes('all')) {
    const other = tokens[0] === 'all' ? tokens[1] : tokens[0];
    const action = other === undefined ? undefined : (WORDS[other] ?? digitAction(other));
    return action === 'acknowledge' || action === 'resolve' ? { kind: 'all', action } : { kind: 'unknown' };
  }
  return parseAction(tokens);
}

function parseAction(tokens: string[]): SmsCommand {
  if (tokens.length > 2) return { kind: 'unknown' };
  const words = tokens.map((t) => WORDS[t]).filter((w): w is SmsAction => w !== undefined);
  const tagged = tokens.filter((t) => /^#\d{1,6}$/.test(t)).map((t) => Number(t.slice(1)));
  const numbers = tokens.filter((t) => /^\d{1,6}$/.test(t));
  const [word] = words;
  if (words.length + tagged.length + numbers.length !== tokens.length || words.length > 1 || tagged.length > 1) {
    return { kind: 'unknown' };
  }
  if (word) {
    // "ack", "ack 42", "42 ack", "ack #42": any number is the code.
    const codes = [...tagged, ...numbers.map(Number)];
    return codes.length > 1 ? { kind: 'unknown' } : withCode(word, codes[0]);
  }
  const [first, second] = numbers.map(digitAction);
  const [tag] = tagged;
  // "#42 1", "1 #42": the untagged number is the command.
  if (tag !== undefined) return numbers.length === 1 && first ? withCode(first, tag) : { kind: 'unknown' };
  if (numbers.length === 1) return first ? withCode(first) : { kind: 'unknown' };
  // Two bare numbers: "1 42" (command first) or "42 1" (code first). A leading 1-3 is read as the command.
  if (first) return withCode(first, Number(numbers[1]));
  if (second) return withCode(second, Number(numbers[0]));
  return { kind: 'unknown' };
}

const digitAction = (t: string): SmsAction | undefined => DIGITS[t];

function withCode(action: SmsAction, code?: number): SmsCommand {
  return code === undefined ? { kind: 'action', action } : { kind: 'action', action, code };
}

/** What a phone line with a NightDesk runbook says, and how it reads the caller's answer. Pure text. */

/** The keypad holds 1-9: later rules can still be reached by saying them. */
export const MAX_MENU_KEYS = 9;

/** "Please say why you are calling, or press 1 for server down, 2 for email outage." */
export function runbookMenuPrompt(triggers: string[]): string {
  const keys = triggers.slice(0, MAX_MENU_KEYS).map((t, i) => `${i + 1} for ${t.trim()}`);
  return `Please say why you are calling, or press ${keys.join(', ')}.`;
}

/** The trigger a keypress picked, or '' for a key with no rule. */
export function reasonFromKeypad(triggers: string[], digits: string): string {
  const n = Number(digits);
  return Number.isInteger(n) && n >= 1 && n <= Math.min(triggers.length, MAX_MENU_KEYS) ? (triggers[n - 1] ?? '') : '';
}

/**
 * What the caller said beyond the trigger phrase, as the page's first message:
 * "Server down. The VPN has been down for 20 minutes." → "The VPN has been down for 20 minutes."
 * Speech that is only the trigger has no first message; speech with no trigger in it is kept whole.
 */
export function callerFirstMessage(speech: string, triggers: string[]): string | undefined {
  const said = speech.trim();
  const lower = said.toLowerCase();
  const hit = triggers.map((t) => t.trim().toLowerCase()).find((t) => t && lower.includes(t));
  if (!hit) return said || undefined;
  const at = lower.indexOf(hit);
  const rest = `${said.slice(0, at)} ${said.slice(at + hit.length)}`.replace(/^[\s,.;:!?-]+/, '').replace(/\s+/g, ' ').trim();
  return rest || undefined;
}

export const runbookPagedGoodbye = (name: string) => `Thank you. ${name} has been paged and will call you back. Goodbye.`;

import { ON_CALL_SENTINEL, type EscalationRule, type Runbook } from './nightdesk';
import { buildPageText, findRule, resolvePage } from './nightdesk-resolve';

/**
 * NightDesk rules that page, pure: from the reason a caller gave (or an alert's title) to whom to page,
 * how, and with which text. No matching rule means the line's or service's own policy applies.
 */

export type PageMethod = 'sms' | 'call' | 'email';
const METHODS: readonly string[] = ['sms', 'call', 'email'];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+[1-9]\d{6,14}$/;

/** One SMS segment of GSM-7 text: Twilio's smart encoding sends the post's em dash as one. */
export const SMS_SEGMENT_CHARS = 160;

export type RunbookTarget =
  | { type: 'on-call'; name: string; phone: string }
  | { type: 'phone'; phone: string }
  | { type: 'email'; email: string };

export type RunbookPagePlan =
  | { kind: 'rule'; rule: EscalationRule; method: PageMethod; target: RunbookTarget; text: string }
  | { kind: 'fallback'; reason: string };

export interface PageContext {
  /** What the caller chose or said, or the alert's title. */
  reason: string;
  at: Date;
  client?: string;
  caller?: string;
  firstMessage?: string;
}

/** The rule whose trigger equals the reason, or else the first whose trigger the reason (speech) contains. */
export function matchRule(runbook: Runbook, reason: string): EscalationRule | undefined {
  const said = reason.trim().toLowerCase();
  return findRule(runbook, said) ?? runbook.escalation_rules.find((r) => said.includes(r.trigger.trim().toLowerCase()));
}

/** Shortens the first message (keeping "On-call: …" whole) until the text fits one segment. */
export function fitOneSegment(build: (firstMessage?: string) => string, firstMessage?: string): string {
  const full = build(firstMessage);
  if (full.length <= SMS_SEGMENT_CHARS || !firstMessage) return full.slice(0, SMS_SEGMENT_CHARS);
  const over = full.length - SMS_SEGMENT_CHARS;
  const keep = firstMessage.length - over - 1;
  return keep > 0 ? build(`${firstMessage.slice(0, keep).trimEnd()}…`) : build().slice(0, SMS_SEGMENT_CHARS);
}

export function planRunbookPage(runbook: Runbook, ctx: PageContext): RunbookPagePlan {
  const rule = matchRule(runbook, ctx.reason);
  if (!rule) return { kind: 'fallback', reason: `no escalation rule matches "${ctx.reason.trim()}"` };
  const method = rule.method.trim().toLowerCase();
  if (!METHODS.includes(method)) return { kind: 'fallback', reason: `rule "${rule.trigger}" has unknown method ${rule.method}` };
  const resolved = resolvePage(runbook, rule, ctx.at);
  let target: RunbookTarget;
  if (rule.page === ON_CALL_SENTINEL) {
    if (!resolved.name || !resolved.phone) return { kind: 'fallback', reason: `nobody on call (${resolved.reason ?? 'unknown'})` };
    target = { type: 'on-call', name: resolved.name, phone: resolved.phone };
  } else if (EMAIL.test(rule.page)) target = { type: 'email', email: rule.page };
  else if (PHONE.test(rule.page)) target = { type: 'phone', phone: rule.page };
  else return { kind: 'fallback', reason: `rule "${rule.trigger}" pages "${rule.page}", neither a phone number nor an email address` };
  const onCall = target.type === 'on-call' ? target.name : rule.page;
  const build = (firstMessage?: string) =>
    buildPageText({ trigger: rule.trigger, onCall, ...(ctx.client ? { client: ctx.client } : {}), ...(ctx.caller ? { caller: ctx.caller } : {}), ...(firstMessage ? { firstMessage } : {}) });
  const text = method === 'sms' ? fitOneSegment(build, ctx.firstMessage) : build(ctx.firstMessage);
  return { kind: 'rule', rule, method: method as PageMethod, target, text };
}

/** The rule page's workflow ID, from the dedup key (a call's SID, a service's alert key): a retried webhook cannot page twice. */
export const runbookPageWorkflowId = (dedupKey: string) => `runbook-page:${dedupKey}`;

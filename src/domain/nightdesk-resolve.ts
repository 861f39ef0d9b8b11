import { ON_CALL_SENTINEL, type EscalationRule, type Runbook, type RunbookEntry, type RunbookRotation } from './nightdesk';
import { DAY, localDayStart, parseLocalDate, zoneClock } from './wall-clock';

export type RunbookOnCall =
  | { name: string; phone: string; slot: number; shiftStart: Date; shiftEnd: Date }
  | { name: null; phone: null; reason: 'rotation not started' | 'no rotation' };

/** Entries in rotation order: by start date, ties kept in file order. */
export function rotationOrder(rotation: RunbookRotation): RunbookEntry[] {
  return rotation.schedule.map((e, i) => ({ e, i })).sort((a, b) => a.e.start.localeCompare(b.e.start) || a.i - b.i).map((x) => x.e);
}

/**
 * Anchor-based resolution: anchor = local midnight of the earliest `start` in the rotation's zone; the
 * number of local calendar days elapsed since it, divided by period_days, is the slot, modulo the number
 * of entries. Being zone-aware means 01:00 UTC on a Tuesday (19:00 Monday in Chicago) is still Monday
 * there, so a rotation switching at midnight still pages the outgoing person.
 */
export function resolveRunbookOnCall(runbook: Runbook, at: Date): RunbookOnCall {
  const rot = runbook.on_call_rotation;
  if (!rot) return { name: null, phone: null, reason: 'no rotation' };
  const clock = zoneClock(rot.timezone);
  const order = rotationOrder(rot);
  const anchor = parseLocalDate(order[0]!.start, 'on_call_rotation.schedule.start');
  const elapsedDays = Math.round((localDayStart(clock.toLocal(at.getTime())) - anchor) / DAY);
  if (elapsedDays < 0) return { name: null, phone: null, reason: 'rotation not started' };
  const slot = Math.floor(elapsedDays / rot.period_days);
  const entry = order[slot % order.length]!;
  const span = rot.period_days * DAY;
  return {
    name: entry.name,
    phone: entry.phone,
    slot,
    shiftStart: new Date(clock.fromLocal(anchor + slot * span)),
    shiftEnd: new Date(clock.fromLocal(anchor + (slot + 1) * span)),
  };
}

export interface ResolvedPage {
  trigger: string;
  method: string;
  /** The rule's `page` as written. */
  page: string;
  /** True when `page` was the "on-call" sentinel. */
  sentinel: boolean;
  /** Who is paged: the on-call person's name, or the pass-through target; null if the sentinel found nobody. */
  name: string | null;
  phone: string | null;
  reason?: string;
}

/** Resolves one escalation rule at `at`: the sentinel becomes the on-call person, other targets pass through. */
export function resolvePage(runbook: Runbook, rule: EscalationRule, at: Date): ResolvedPage {
  const base = { trigger: rule.trigger, method: rule.method, page: rule.page };
  if (rule.page !== ON_CALL_SENTINEL) return { ...base, sentinel: false, name: rule.page, phone: null };
  const who = resolveRunbookOnCall(runbook, at);
  if (who.name === null) return { ...base, sentinel: true, name: null, phone: null, reason: who.reason };
  return { ...base, sentinel: true, name: who.name, phone: who.phone };
}

/** The rule for a trigger (case-insensitive), if any. */
export function findRule(runbook: Runbook, trigger: string): EscalationRule | undefined {
  const t = trigger.trim().toLowerCase();
  return runbook.escalation_rules.find((r) => r.trigger.trim().toLowerCase() === t);
}

export interface PageTextInput {
  trigger: string;
  client?: string;
  caller?: string;
  firstMessage?: string;
  /** The person paged (resolved name or pass-through target). */
  onCall: string | null;
}

/** `Server down — Acme Manufacturing. Caller: Bob (CTO). First message: "…" On-call: Alice` */
export function buildPageText(p: PageTextInput): string {
  const trigger = p.trigger.trim();
  const head = trigger.charAt(0).toUpperCase() + trigger.slice(1);
  const parts = [p.client ? `${head} — ${p.client}.` : `${head}.`];
  if (p.caller) parts.push(`Caller: ${p.caller}.`);
  if (p.firstMessage) parts.push(`First message: "${p.firstMessage}"`);
  parts.push(`On-call: ${p.onCall ?? 'nobody (no one is on call)'}`);
  return parts.join(' ');
}

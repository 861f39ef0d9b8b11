import { z } from 'zod';
import { isLocalDate, isValidTimeZone } from './wall-clock';

/**
 * NightDesk runbooks, exactly the blog's JSON:
 * { on_call_rotation: { timezone, period_days, schedule: [{ name, phone, start }] },
 *   escalation_rules: [{ trigger, page, method }] }.
 * `page: "on-call"` is the sentinel resolved from the rotation; any other target passes through.
 */
export const ON_CALL_SENTINEL = 'on-call';
const E164 = /^\+[1-9]\d{6,14}$/;

export const runbookEntrySchema = z.object({
  name: z.string().trim().min(1, 'must not be empty'),
  phone: z.string().regex(E164, 'must be an E.164 number such as +15551234567'),
  start: z.string().refine(isLocalDate, 'must be a date YYYY-MM-DD'),
});

export const runbookRotationSchema = z.object({
  timezone: z.string().refine(isValidTimeZone, 'must be an IANA time zone such as America/Chicago'),
  period_days: z.number().int('must be a whole number of days').positive('must be at least 1'),
  schedule: z.array(runbookEntrySchema).min(1, 'must list at least one person'),
});

export const escalationRuleSchema = z.object({
  trigger: z.string().trim().min(1, 'must not be empty'),
  page: z.string().trim().min(1, 'must not be empty'),
  method: z.string().trim().min(1, 'must not be empty'),
});

export const runbookSchema = z
  .object({
    on_call_rotation: runbookRotationSchema.optional(),
    escalation_rules: z.array(escalationRuleSchema).default([]),
  })
  .superRefine((rb, ctx) => {
    rb.escalation_rules.forEach((r, i) => {
      if (r.page === ON_CALL_SENTINEL && !rb.on_call_rotation)
        ctx.addIssue({ code: 'custom', path: ['escalation_rules', i, 'page'], message: '"on-call" needs an on_call_rotation' });
    });
  });

export type Runbook = z.infer<typeof runbookSchema>;
export type RunbookEntry = z.infer<typeof runbookEntrySchema>;
export type RunbookRotation = z.infer<typeof runbookRotationSchema>;
export type EscalationRule = z.infer<typeof escalationRuleSchema>;

export interface FieldError {
  field: string;
  message: string;
}
export type RunbookParse = { ok: true; runbook: Runbook } | { ok: false; errors: FieldError[]; message: string };

const fail = (errors: FieldError[]): RunbookParse => ({
  ok: false,
  errors,
  message: errors.map((e) => `${e.field}: ${e.message}`).join('; '),
});

/** Validates a runbook value; errors name the field, e.g. `on_call_rotation.schedule.1.phone`. */
export function parseRunbook(input: unknown): RunbookParse {
  const r = runbookSchema.safeParse(input);
  if (r.success) return { ok: true, runbook: r.data };
  return fail(r.error.issues.map((i) => ({ field: i.path.map(String).join('.') || 'runbook', message: i.message })));
}

export function parseRunbookText(text: string): RunbookParse {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return fail([{ field: 'runbook', message: `not valid JSON (${(e as Error).message})` }]);
  }
  return parseRunbook(value);
}

/** True when a JSON value looks like a NightDesk runbook rather than a schedule document. */
export function looksLikeRunbook(value: unknown): boolean {
  return typeof value === 'object' && value !== null && ('on_call_rotation' in value || 'escalation_rules' in value);
}

import type { NotifyChannel, TimelineEntry } from './escalation.types';
import { bundleLabel } from './page-bundle';

/** Provider outcomes that mean a call did not reach its person: the alert's workflow texts them instead. */
export const FALLBACK_OUTCOMES = ['no_answer', 'busy', 'failed', 'canceled', 'machine', 'completed_without_keypress'] as const;
export type NotificationOutcome =
  | 'answered'
  | 'acknowledged_by_keypress'
  | (typeof FALLBACK_OUTCOMES)[number]
  | 'delivered'
  | 'undelivered';

/**
 * Outcomes after which nothing more will be heard about an attempt: a later callback is stale or a duplicate.
 * The webhook's guarded attempt update and the workflow's outcome handler both keep to it.
 */
export const FINAL_OUTCOMES: readonly NotificationOutcome[] = ['acknowledged_by_keypress', 'delivered', 'undelivered', ...FALLBACK_OUTCOMES];

const FINAL = new Set<string>(FINAL_OUTCOMES);

/** Whether an attempt's status is final: nothing later changes it (see FINAL_OUTCOMES). */
export const isFinalOutcome = (status: string): boolean => FINAL.has(status);

/**
 * Whether an outcome changes what paging does next. Only a call that did not reach its person does (it
 * starts the SMS fallback), so only those go to the alert's workflow; every other outcome (answered, a
 * keypress, a text delivered or not) is a fact for the timeline and the attempt, written where it is heard.
 */
export function outcomeDrivesPaging(channel: NotifyChannel, outcome: NotificationOutcome): boolean {
  return channel === 'phone_call' && (FALLBACK_OUTCOMES as readonly string[]).includes(outcome);
}

/** The timeline entry of one outcome; keyed, so a replayed callback never adds it twice. */
export function outcomeEntry(
  a: { key: string; channel: NotifyChannel },
  outcome: NotificationOutcome,
  personName: string,
  bundle?: { id: string; size: number },
): Omit<TimelineEntry, 'timestamp'> {
  return {
    key: `outcome:${a.key}:${outcome}`,
    action: `notification_${outcome}`,
    actor: 'system',
    details: `${a.channel} to ${personName}${bundle ? ` (${bundleLabel(bundle)})` : ''}: ${outcome.replace(/_/g, ' ')}`,
  };
}

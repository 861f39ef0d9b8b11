import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { AlertStatus, NotifyChannel } from '../src/domain/escalation.types';
import type { NotificationOutcome } from '../src/domain/delivery-outcome';

/**
 * The alert workflow's messages. Every update names the alert it means (alertId): a dedup workflow ID
 * is reused by the next alert once the previous one is resolved, so an old alert's ack must not touch it.
 */

export interface ActionResult {
  ok: boolean;
  status: AlertStatus;
  /** The alert had already ended (resolved, or acknowledged for an acknowledge). */
  alreadyEnded?: boolean;
  currentLevel?: number;
  message: string;
}

export interface AcknowledgeInput {
  alertId: string;
  by: string;
  via: string;
}
export interface ResolveInput extends AcknowledgeInput {
  note?: string;
}
/** asOfLevel is the 0-based level the presser saw: a press escalates only if the alert is still there. */
export interface EscalateInput {
  alertId: string;
  by: string;
  via?: string;
  asOfLevel: number;
}

export interface TriggerInput {
  /** The ID the caller minted; used only when this trigger starts the workflow. */
  alertId: string;
  source?: string;
  title?: string;
}
export interface TriggerResult {
  alertId: string;
  deduplicated: boolean;
  count: number;
}

export { FALLBACK_OUTCOMES, type NotificationOutcome } from '../src/domain/delivery-outcome';

export interface NotificationOutcomeInput {
  attemptKey: string;
  outcome: NotificationOutcome;
  providerId?: string;
  /** The bundle whose call or text carried this page, when it carried more than this one alert. */
  bundle?: { id: string; size: number };
}

export interface AttemptState {
  key: string;
  round: number;
  level: number | 'owner';
  attempt: number;
  userId: string;
  channel: NotifyChannel;
  status: string;
  providerId?: string;
}

export interface AlertState {
  alertId: string;
  status: AlertStatus;
  /** 0-based, as in the seed. */
  currentLevel: number;
  /** 0-based pass over the ladder. */
  round: number;
  count: number;
  exhausted: boolean;
  /** ISO instant of the next automatic escalation, null when none is pending. */
  nextEscalationAt: string | null;
  attempts: AttemptState[];
  acknowledgedBy?: string;
  resolvedBy?: string;
}

export const triggerUpdate = defineUpdate<TriggerResult, [TriggerInput]>('trigger');
export const acknowledgeUpdate = defineUpdate<ActionResult, [AcknowledgeInput]>('acknowledge');
export const resolveUpdate = defineUpdate<ActionResult, [ResolveInput]>('resolve');
export const escalateUpdate = defineUpdate<ActionResult, [EscalateInput]>('escalate');
export const notificationOutcomeSignal = defineSignal<[NotificationOutcomeInput]>('notificationOutcome');
export const stateQuery = defineQuery<AlertState>('state');

/**
 * Repeat triggers folded into the alert in MongoDB (the start outbox), told in batches: `count` is the
 * alert's total so far. MongoDB already holds the count and timeline, so the workflow only keeps up.
 */
export interface FoldedTriggersInput {
  alertId: string;
  count: number;
}
export const foldedTriggersSignal = defineSignal<[FoldedTriggersInput]>('foldedTriggers');

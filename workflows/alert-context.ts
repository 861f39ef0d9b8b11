import { CancellationScope, isCancellation, workflowInfo } from '@temporalio/workflow';
import type { AlertInfo, EscalationPolicySnapshot } from '../src/domain/escalation.types';
import type { PagedPerson } from '../activities/ports';
import type { ResolvedTargets } from '../activities/activity.types';
import type { EscalationState } from './alert-state';
import type { Projector, ProjectorBacklog } from './projector';

export interface AlertWorkflowInput {
  alert: AlertInfo;
  policy: EscalationPolicySnapshot;
  /** The rate-limited notify queues (`<queue>-calls`, `<queue>-sms`). */
  taskQueues: { calls: string; sms: string };
  /** The first level's targets as the API resolved them on accepting the alert (see takeFirstTargets). */
  firstTargets?: FirstTargets;
  /** Set by continueAsNew: the state to resume from. */
  carried?: CarriedState;
  /**
   * Set by the engine on new alerts of a service: tell its webhooks and Slack about each event
   * (alert-events.ts). Webhooks and the Slack channel belong to services, so alerts without one skip it.
   */
  announceEvents?: boolean;
  /**
   * Set by the engine on new alerts: ask first (a local activity) whether the service has any webhook or
   * Slack to tell, and start the event's child workflow only then. Older alerts replay without it.
   */
  planEventsFirst?: boolean;
  /**
   * Set by the engine on new alerts: the trigger's event is announced once the task that scheduled the first
   * page has gone to the server. Planning it is a local activity, and a workflow task is answered only when
   * its local activities are done, so announcing it in the first task held the first call back by a Mongo
   * read (far longer when the worker is busy). Older alerts replay without it.
   */
  triggerEventAfterFirstPage?: boolean;
  /**
   * Set by the engine on new alerts (with planEventsFirst): an event is planned inside the projector's batch
   * that writes its timeline entry, not by a local activity of its own (two fewer per acknowledged alert).
   * Older alerts replay without it.
   */
  planEventsWithProjection?: boolean;
  /**
   * Set by the engine on new alerts: the projector takes a batch only once the activation that made it has
   * settled, so an acknowledgement and a page result that arrive together are written by one local
   * activity, not two. Older alerts replay without it.
   */
  settledBatches?: boolean;
  /** Test hook: continue as new past this many history events. */
  maxHistoryEvents?: number;
}

export interface CarriedState {
  state: EscalationState;
  people: Record<string, PagedPerson>;
  /** Projection writes not yet made when the previous run handed over. */
  backlog: ProjectorBacklog;
}

export type { PagedPerson };

export interface FirstTargets {
  /** The instant they were resolved for (the alert's creation). */
  at: string;
  resolved: ResolvedTargets;
}

/** The live pieces one workflow run shares between its main loop, handlers and background pages. */
export interface AlertContext {
  input: AlertWorkflowInput;
  s: EscalationState;
  people: Record<string, PagedPerson>;
  projector: Projector;
  /** Every page runs in here: acknowledge and resolve cancel it, which stops queued pages at once. */
  paging: CancellationScope;
  inflight: number;
  /** Whether input.firstTargets has been considered (it serves one attempt at most). */
  firstTargetsTaken: boolean;
  /** Target lookups running for a page about to be sent. */
  lookups: number;
  /** History length of the workflow task that last scheduled a page (see projectionHeld). */
  pagedInTask: number;
}

/**
 * A workflow task is answered only once its local activities are done, so a projection write started
 * while a page is being set up would hold back that page's placeCall command by a Mongo round trip. The
 * projector therefore waits while targets are looked up and until the task that scheduled a page has gone
 * to the server; the next task (at the latest the page's own result) writes the batch.
 */
export function projectionHeld(ctx: AlertContext): boolean {
  if (ctx.s.status !== 'triggered') return false; // nothing more to page: an ack or resolve is written at once
  return ctx.lookups > 0 || ctx.pagedInTask === workflowInfo().historyLength;
}

/** Runs `fn` in the paging scope without waiting for it; cancellation is the expected way it ends. */
export function launch(ctx: AlertContext, fn: () => Promise<void>): void {
  if (ctx.paging.consideredCancelled) return;
  ctx.inflight++;
  ctx.paging
    .run(fn)
    .catch((err) => {
      if (!isCancellation(err)) throw err;
    })
    .finally(() => {
      ctx.inflight--;
    });
}

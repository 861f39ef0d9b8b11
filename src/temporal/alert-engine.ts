import { WithStartWorkflowOperation, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import { Types } from 'mongoose';
import type { AlertRepository } from '../db/alert.repository';
import type { AlertDoc } from '../db/alert.model';
import { alertWorkflowId } from '../domain/escalation-plan';
import type { AlertInfo, EscalationPolicySnapshot, Severity } from '../domain/escalation.types';
import type { AlertWorkflowInput } from '../../workflows/alert-context';
import {
  acknowledgeUpdate,
  escalateUpdate,
  notificationOutcomeSignal,
  resolveUpdate,
  stateQuery,
  triggerUpdate,
  type ActionResult,
  type AlertState,
  type NotificationOutcomeInput,
} from '../../workflows/messages';
import { notifyTaskQueues } from './client';
import { AlertNotFoundError, TemporalUnavailableError, boundedBy } from './engine-errors';
import { prefetchFirstTargets } from './first-level-prefetch';
import { actionByName, type ActionBy } from '../domain/action-by';
import { recoverTimedOutTrigger } from './trigger-recovery';
import type { TargetDirectory } from '../../activities/ports';
import type { StartOutbox } from './start-outbox';

export interface TriggerAlertInput {
  title: string;
  description?: string;
  severity: Severity;
  source: string;
  escalationPolicyId: string;
  serviceId?: string | null;
  dedupKey?: string | null;
  /** The policy as it is now; frozen into the alert. */
  policy: EscalationPolicySnapshot;
  /** The sender's own fields (JSON), kept with a new alert. */
  ingestDetails?: string;
  /** The caller has just tried to fold this trigger into an open alert, and missed: insert first. */
  foldTried?: boolean;
}

export interface TriggerAlertResult {
  alertId: string;
  deduplicated: boolean;
  count: number;
  /** A new alert was written with its ingestDetails already. */
  detailsKept?: boolean;
}

export interface AlertEngineDeps {
  client: Client;
  alerts: AlertRepository;
  /** Resolves the first level's targets on trigger (see prefetchFirstTargets); absent, the workflow does it. */
  directory?: TargetDirectory;
  taskQueue: string;
  /** Upper bound for one engine call's round trips to Temporal. */
  deadlineMs?: number;
  /**
   * The MongoDB start outbox (start-outbox.ts): triggers are then answered once written, and started by its
   * dispatcher. Without it (tests of the workflow alone) a trigger starts its workflow before answering.
   */
  outbox?: Pick<StartOutbox, 'accept' | 'foldRepeat' | 'ensureStarted' | 'release'>;
}

export const DEFAULT_ENGINE_DEADLINE_MS = 10_000;
/** A dedup trigger that lands on a just-resolved alert waits this long for its workflow to close. */
const CLOSING_WAIT_MS = 5_000;
const CLOSING_RETRIES = 3;
const CLOSING_POLL_MS = 100;

export type AlertEngine = ReturnType<typeof createAlertEngine>;

/** A new alert for this trigger: its final ID and the instant it was accepted. */
export function newAlertInfo(input: TriggerAlertInput): AlertInfo {
  return {
    alertId: new Types.ObjectId().toHexString(),
    title: input.title,
    description: input.description ?? '',
    severity: input.severity,
    source: input.source,
    escalationPolicyId: input.escalationPolicyId,
    serviceId: input.serviceId ?? null,
    dedupKey: input.dedupKey ?? null,
    createdAt: new Date().toISOString(),
  };
}

/** What the API and the Twilio webhooks use to drive alerts; Temporal decides, Mongo shows. */
export function createAlertEngine(deps: AlertEngineDeps) {
  const { client, alerts } = deps;
  const deadlineMs = deps.deadlineMs ?? DEFAULT_ENGINE_DEADLINE_MS;
  const bounded = boundedBy(client, deadlineMs);

  /** The alert's document; `known` is one the caller read a moment ago (a webhook that loaded the page). */
  async function workflowOf(alertId: string, known?: AlertDoc) {
    const doc = known && String(known._id) === alertId ? known : await alerts.findById(alertId);
    if (!doc) throw new AlertNotFoundError(alertId);
    if (doc.startPending && deps.outbox) {
      // Still in the outbox: acting on it starts it first, so an ack or resolve reaches a running workflow.
      await deps.outbox.ensureStarted(alertId);
    }
    return doc;
  }

  /** Runs an update on the alert's workflow; a workflow that has closed means the alert ended. */
  async function act(alertId: string, run: (workflowId: string) => Promise<ActionResult>, known?: AlertDoc): Promise<ActionResult> {
    const doc = await workflowOf(alertId, known);
    if (doc.status === 'resolved') {
      return { ok: false, status: 'resolved', alreadyEnded: true, currentLevel: doc.currentLevel, message: `already resolved by ${doc.resolvedBy}` };
    }
    try {
      return await bounded(() => run(doc.workflowId));
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
      const now = await workflowOf(alertId);
      return { ok: false, status: now.status, alreadyEnded: true, currentLevel: now.currentLevel, message: `alert has ended (${now.status})` };
    }
  }

  /** Polls (rather than awaiting the result) so that nothing here can move a test server's clock. */
  async function waitUntilClosed(workflowId: string): Promise<void> {
    const until = Date.now() + CLOSING_WAIT_MS;
    while (Date.now() < until) {
      const d = await bounded(() => client.workflow.getHandle(workflowId).describe());
      if (d.status.name !== 'RUNNING') return;
      await sleep(CLOSING_POLL_MS);
    }
  }

  async function startOrJoin(input: TriggerAlertInput): Promise<TriggerAlertResult> {
    const alert = newAlertInfo(input);
    const workflowId = alertWorkflowId(alert);
    const firstTargets = deps.directory ? await prefetchFirstTargets(deps.directory, input.policy, alert.createdAt) : undefined;
    const args: AlertWorkflowInput = { alert, policy: input.policy, taskQueues: notifyTaskQueues(deps.taskQueue), announceEvents: Boolean(input.serviceId), planEventsFirst: true, triggerEventAfterFirstPage: true, planEventsWithProjection: true, settledBatches: true, ...(firstTargets ? { firstTargets } : {}) };
    const start = new WithStartWorkflowOperation('alertWorkflow', {
      workflowId,
      taskQueue: deps.taskQueue,
      args: [args],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    let result: TriggerAlertResult;
    try {
      result = await bounded(() =>
        client.workflow.executeUpdateWithStart(triggerUpdate, { args: [{ alertId: alert.alertId, source: input.source, title: input.title }], startWorkflowOperation: start }),
      );
    } catch (err) {
      if (!(err instanceof TemporalUnavailableError)) throw err;
      // The server may have the alert although no worker confirmed it: then say so rather than 503.
      const held = await bounded(() => recoverTimedOutTrigger(client, workflowId, alert.alertId)).catch(() => null);
      if (!held) throw err;
      const existing = held.deduplicated ? await alerts.findById(held.alertId) : null;
      result = { alertId: held.alertId, deduplicated: held.deduplicated, count: existing?.count ?? 1 };
    }
    if (!result.deduplicated) {
      // The workflow writes this too; doing it here means GET /alerts/:id works as soon as we answer.
      await alerts.open(alert, workflowId, { key: 'triggered', action: 'triggered', actor: alert.source || 'system', timestamp: alert.createdAt, details: alert.title });
    }
    return result;
  }

  return {
    /** Starts an alert, or folds it into the open one with the same dedup key (nobody new is paged). */
    async trigger(input: TriggerAlertInput): Promise<TriggerAlertResult> {
      if (deps.outbox) return deps.outbox.accept(input);
      for (let i = 0; ; i++) {
        try {
          return await startOrJoin(input);
        } catch (err) {
          // The open alert with this dedup key was resolved a moment ago: wait for its workflow to close, then start anew.
          if (!(err instanceof WorkflowUpdateFailedError) || i >= CLOSING_RETRIES) throw err;
          await waitUntilClosed(alertWorkflowId({ alertId: '', ...input }));
        }
      }
    },

    /**
     * Folds a repeat trigger into the open alert with its dedup key, before the caller loads anything else
     * (the policy is only needed for a new alert). Null: no open alert holds the key (or no outbox).
     */
    async foldRepeat(input: { serviceId: string; escalationPolicyId: string; dedupKey: string; source: string }): Promise<TriggerAlertResult | null> {
      return deps.outbox ? deps.outbox.foldRepeat(input) : null;
    },

    /** `known`: the alert as the caller just read it, which saves reading it again (its workflow ID never changes). */
    acknowledge(alertId: string, by: ActionBy, via: string, known?: AlertDoc): Promise<ActionResult> {
      return act(alertId, (id) => client.workflow.getHandle(id).executeUpdate(acknowledgeUpdate, { args: [{ alertId, by: actionByName(by), via }] }), known);
    },

    async resolve(alertId: string, by: ActionBy, via: string, note?: string): Promise<ActionResult> {
      const r = await act(alertId, (id) => client.workflow.getHandle(id).executeUpdate(resolveUpdate, { args: [{ alertId, by: actionByName(by), via, note }] }));
      // The projection frees the dedup key too; freeing it now means a trigger sent after this answer opens a new alert.
      if (r.ok) await deps.outbox?.release(alertId);
      return r;
    },

    /** asOfLevel: the 0-based level the presser saw; a press on a level already left does nothing. */
    escalate(alertId: string, by: ActionBy, asOfLevel: number, via = 'api'): Promise<ActionResult> {
      return act(alertId, (id) => client.workflow.getHandle(id).executeUpdate(escalateUpdate, { args: [{ alertId, by: actionByName(by), via, asOfLevel }] }));
    },

    /** Forwards a provider callback; an ended alert ignores it. */
    async notificationOutcome(alertId: string, outcome: NotificationOutcomeInput): Promise<void> {
      const doc = await workflowOf(alertId);
      if (doc.status === 'resolved') return;
      await bounded(() => client.workflow.getHandle(doc.workflowId).signal(notificationOutcomeSignal, outcome)).catch((err) => {
        if (!(err instanceof WorkflowNotFoundError)) throw err;
      });
    },

    /** Live state from the workflow; for an ended alert, the last projected state. */
    async state(alertId: string): Promise<AlertState> {
      const doc = await workflowOf(alertId);
      if (doc.status !== 'resolved') {
        try {
          const live = await bounded(() => client.workflow.getHandle(doc.workflowId).query(stateQuery));
          if (live.alertId === alertId) return live;
        } catch (err) {
          if (!(err instanceof WorkflowNotFoundError)) throw err;
        }
      }
      const ended = await workflowOf(alertId);
      return {
        alertId,
        status: ended.status,
        currentLevel: ended.currentLevel,
        round: ended.round,
        count: ended.count,
        exhausted: ended.exhausted,
        nextEscalationAt: null,
        attempts: [],
        acknowledgedBy: ended.acknowledgedBy ?? undefined,
        resolvedBy: ended.resolvedBy ?? undefined,
      };
    },
  };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());

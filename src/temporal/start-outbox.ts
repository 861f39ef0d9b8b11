import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import type { AlertOutbox, ClaimedStart } from '../db/alert-outbox.repository';
import { alertWorkflowId } from '../domain/escalation-plan';
import type { EscalationPolicySnapshot } from '../domain/escalation.types';
import type { Logger } from '../logger';
import type { TargetDirectory } from '../../activities/ports';
import type { AlertWorkflowInput, FirstTargets } from '../../workflows/alert-context';
import { foldedTriggersSignal } from '../../workflows/messages';
import { newAlertInfo, type TriggerAlertInput, type TriggerAlertResult } from './alert-engine';
import { notifyTaskQueues } from './client';
import { TemporalUnavailableError, boundedBy } from './engine-errors';
import { prefetchFirstTargets } from './first-level-prefetch';
import { recoverTimedOutTrigger } from './trigger-recovery';

/** A start to make; one this process just accepted may carry its first level, looked up meanwhile. */
type Start = ClaimedStart & { prefetched?: Promise<FirstTargets | undefined> };

export interface StartOutboxDeps {
  client: Client;
  outbox: AlertOutbox;
  taskQueue: string;
  directory?: TargetDirectory;
  log?: Pick<Logger, 'warn' | 'info'>;
  /** Workflow starts in flight at once. */
  concurrency?: number;
  /** How long a claimed start is ours before another dispatcher may take it over. */
  leaseMs?: number;
  /** How often lapsed leases (a dispatcher that died mid-start) and untold folds are looked for, at least (see SWEEP_DUTY_FACTOR). */
  sweepMs?: number;
  /** Upper bound for one round trip to Temporal. */
  deadlineMs?: number;
  /**
   * A client on the connection of a worker in this process (`npm start` runs both): workflows are started
   * with requestEagerStart, so the server hands the first task straight to that worker in its answer instead
   * of queueing it for a poll (it falls back to the queue when the worker has no free slot).
   */
  eagerStarter?: Client;
  /** Told of each workflow this outbox started, and whether the server started it eagerly (metrics). */
  onStarted?: (eagerly: boolean) => void;
}

/**
 * Starts are mostly waiting (on Temporal and MongoDB), so many run at once: fewer lanes than the arrival rate
 * times one start's duration builds a backlog (each backlog claim is a MongoDB query; starts in order of urgency).
 */
export const START_CONCURRENCY = 128;
/**
 * Lanes that claim from the outbox at once. Each claim is a query (a scan with a sort on the Mongo-wire server);
 * once every lane was busy, letting each finishing lane claim made 128 lanes re-query in a loop while triggers
 * kept arriving, which slowed the starts they waited for (a 10,000-alert run spent its Mongo CPU on them).
 */
export const START_CLAIMERS = 4;
export const START_LEASE_MS = 20_000;
export const START_SWEEP_MS = 10_000;
/**
 * A sweep's claim holds the alerts collection while it looks: on the Mongo-wire server (no secondary indexes,
 * one lock per collection) that is a scan of every alert, which blocks accepts meanwhile and, with a big history
 * on disk, lasts longer than START_SWEEP_MS. So the next sweep waits at least this many times as long as the last
 * claim took: the sweep holds the collection at most about 1/20 of the time. On MongoDB a claim is an index probe
 * of a millisecond or two, and the sweep keeps START_SWEEP_MS.
 */
export const SWEEP_DUTY_FACTOR = 20;

/** How long until the next sweep, given how long the last claim query took. */
export const sweepDelayMs = (baseMs: number, lastClaimMs: number): number => Math.max(baseMs, Math.round(lastClaimMs * SWEEP_DUTY_FACTOR));
/** Temporal unreachable: the start is tried again after this long. */
const UNAVAILABLE_RETRY_MS = 2_000;
/** The previous alert with this dedup key is still closing its workflow. */
const CLOSING_RETRY_MS = 200;
/**
 * Folds are told to workflows in batches, at most this long after the first one: in a storm each open alert
 * gets one signal (one workflow task) per batch rather than one per repeat. MongoDB has the count at once.
 */
const FOLD_TELL_DELAY_MS = 1_000;
const FOLD_TELL_BATCH = 100;
const ENSURE_POLL_MS = 100;

export type StartOutbox = ReturnType<typeof createStartOutbox>;

/**
 * Accepts triggers into the MongoDB outbox and starts their workflows as fast as Temporal takes them,
 * critical first. Runs in every API process: an accept wakes it in-process, so a quiet system starts an
 * alert as soon as it is written; leases keep replicas from starting the same alert at once, and a double
 * start is harmless anyway (the workflow ID is the alert's; the memo says whose run holds it).
 */
export function createStartOutbox(deps: StartOutboxDeps) {
  const { client, outbox, taskQueue } = deps;
  const concurrency = deps.concurrency ?? START_CONCURRENCY;
  const leaseMs = deps.leaseMs ?? START_LEASE_MS;
  const deadlineMs = deps.deadlineMs ?? 10_000;
  const owner = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  let lanes = 0;
  /** Lanes in the claim loop (at most START_CLAIMERS). */
  let claimers = 0;
  let wakes = 0;
  let backlog = true;
  /** Starts queued in MongoDB (accepted while every lane was busy, or put back to retry) and not claimed yet, counted from the last claim that found none. */
  let queued = 0;
  /** Folds may be waiting to be told (cleared when a look finds none; other replicas' are found at start-up). */
  let foldsMaybe = true;
  let stopped = true;
  let sweeper: NodeJS.Timeout | undefined;
  /** How long the last claim query took (see SWEEP_DUTY_FACTOR). */
  let lastClaimMs = 0;
  let foldTimer: NodeJS.Timeout | undefined;
  const retries = new Set<NodeJS.Timeout>();
  const running = new Set<Promise<unknown>>();

  const bounded = boundedBy(client, deadlineMs);
  const starter = deps.eagerStarter ?? client;
  const boundedStart = deps.eagerStarter ? boundedBy(deps.eagerStarter, deadlineMs) : bounded;
  const eager = deps.eagerStarter ? { requestEagerStart: true } : {};
  const track = <T>(p: Promise<T>): Promise<T> => {
    running.add(p);
    void p.finally(() => running.delete(p)).catch(() => undefined);
    return p;
  };

  /** Whose alert the running workflow with this ID belongs to (null: none runs). */
  async function holderOf(workflowId: string): Promise<string | null> {
    const d = await bounded(() => client.workflow.getHandle(workflowId).describe()).catch((err: unknown) => {
      if (err instanceof WorkflowNotFoundError) return null;
      throw err;
    });
    if (!d || d.status.name !== 'RUNNING') return null;
    const memo = d.memo?.alertId;
    if (typeof memo === 'string') return memo;
    // Started before the outbox (no memo): its first event says.
    return (await bounded(() => recoverTimedOutTrigger(client, workflowId, '')))?.alertId ?? null;
  }

  function retryAt(alertId: string, ms: number): Promise<void> {
    queued++;
    const t = setTimeout(() => {
      retries.delete(t);
      wake();
    }, ms);
    t.unref();
    retries.add(t);
    return outbox.postpone(alertId, owner, new Date(Date.now() + ms));
  }

  /** Starts one claimed alert's workflow; false when it has to wait (and was put back in the queue). */
  async function startOne(c: Start): Promise<boolean> {
    const { alert, workflowId } = c;
    const policy = c.frozen.policy as EscalationPolicySnapshot;
    try {
      const firstTargets = c.prefetched ? await c.prefetched : deps.directory ? await prefetchFirstTargets(deps.directory, policy, alert.createdAt) : undefined;
      const args: AlertWorkflowInput = { alert, policy, taskQueues: notifyTaskQueues(taskQueue), announceEvents: c.frozen.announceEvents, planEventsFirst: true, triggerEventAfterFirstPage: true, planEventsWithProjection: true, settledBatches: true, ...(firstTargets ? { firstTargets } : {}) };
      try {
        const h = await boundedStart(() => starter.workflow.start('alertWorkflow', { workflowId, taskQueue, args: [args], memo: { alertId: alert.alertId }, ...eager }));
        deps.onStarted?.(h.eagerlyStarted);
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
        // Ours already (another dispatcher, or one that died before marking it), or the previous alert's closing run.
        if ((await holderOf(workflowId)) !== alert.alertId) {
          await retryAt(alert.alertId, CLOSING_RETRY_MS);
          return false;
        }
      }
      await outbox.markStarted(alert.alertId);
      if (c.count > 1) foldsArrived();
      return true;
    } catch (err) {
      deps.log?.warn({ err, alertId: alert.alertId }, 'could not start the alert workflow yet; retrying');
      await retryAt(alert.alertId, UNAVAILABLE_RETRY_MS).catch(() => undefined);
      return false;
    }
  }

  /**
   * Starts `first` (an alert this process just accepted), then, while starts may be queued, claims them (at most
   * START_CLAIMERS lanes claim at once) and hands each to a lane of its own, or starts it itself when every lane
   * is busy. A claim is a MongoDB query, so a quiet system makes none, and a backlog costs one per start.
   */
  async function lane(first?: Start): Promise<void> {
    let claiming = false;
    try {
      if (first) await startOne(first);
      // A lane that started its own alert claims only when starts were queued meanwhile (usually none: no claim
      // query); one woken for the outbox claims while it may hold a backlog. Enough lanes claiming: they take it.
      const mayClaim = first ? queued > 0 : backlog;
      if (!mayClaim || claimers >= START_CLAIMERS) return;
      claimers++;
      claiming = true;
      while (!stopped && backlog) {
        const seen = wakes;
        const t0 = Date.now();
        const c = await outbox.claimNext(owner, leaseMs).catch((err: unknown) => {
          deps.log?.warn({ err }, 'could not read the alert start outbox');
          return undefined;
        });
        lastClaimMs = Date.now() - t0;
        if (c === undefined) return;
        if (!c) {
          if (wakes !== seen) continue; // something was queued while we looked
          backlog = false;
          queued = 0;
          return;
        }
        queued = Math.max(0, queued - 1);
        if (lanes < concurrency) openLane(c);
        else await startOne(c);
      }
    } finally {
      if (claiming) claimers--;
      lanes--;
    }
  }
  const openLane = (first?: Start) => {
    lanes++;
    void track(lane(first));
  };

  /** Something may be waiting in the outbox (queued while every lane was busy, a retry due, or a sweep). */
  function wake(): void {
    backlog = true;
    wakes++;
    if (!stopped && lanes < concurrency) openLane();
  }

  async function tellFolds(): Promise<void> {
    const told = await outbox.foldsToTell(FOLD_TELL_BATCH);
    if (told.length === 0) foldsMaybe = false;
    await Promise.all(
      told.map(async (f) => {
        try {
          await bounded(() => client.workflow.getHandle(f.workflowId).signal(foldedTriggersSignal, { alertId: f.alertId, count: f.count }));
        } catch (err) {
          if (!(err instanceof WorkflowNotFoundError)) return; // told on the next sweep
        }
        await outbox.foldsTold(f.alertId, f.count);
      }),
    );
    if (told.length === FOLD_TELL_BATCH) foldsArrived();
  }
  function foldsArrived(): void {
    foldsMaybe = true;
    if (foldTimer || stopped) return;
    foldTimer = setTimeout(() => {
      foldTimer = undefined;
      void track(tellFolds().catch((err: unknown) => deps.log?.warn({ err }, 'could not tell workflows of folded triggers')));
    }, FOLD_TELL_DELAY_MS);
    foldTimer.unref();
  }

  return {
    owner,

    /** Durably accepts a trigger (no Temporal round trip): a new pending alert, or a fold into the open one. */
    async accept(input: TriggerAlertInput): Promise<TriggerAlertResult> {
      const alert = newAlertInfo(input);
      const workflowId = alertWorkflowId(alert);
      const frozen = { policy: input.policy, announceEvents: Boolean(input.serviceId) };
      const mine = !stopped && lanes < concurrency;
      // Who the first level pages is looked up while the alert is written (no side effects), when this process
      // starts it and the trigger is not likely a repeat (the ingest path already tried to fold it).
      const early = mine && deps.directory && (input.foldTried || !input.dedupKey) ? prefetchFirstTargets(deps.directory, input.policy, alert.createdAt) : undefined;
      const r = await outbox.accept(alert, workflowId, frozen, {
        ...(mine ? { lease: { owner, ms: leaseMs } } : {}),
        foldFirst: !input.foldTried,
        ingestDetails: input.ingestDetails ?? null,
      });
      if (r.kind === 'folded') {
        foldsArrived();
        return { alertId: r.alertId, deduplicated: true, count: r.count };
      }
      if (mine) openLane({ alert, workflowId, frozen, count: 1, ...(early ? { prefetched: early } : {}) });
      else {
        queued++;
        wake();
      }
      return { alertId: alert.alertId, deduplicated: false, count: 1, detailsKept: true };
    },

    /** A repeat of an open alert's trigger, folded in MongoDB only; null when no open alert holds the dedup key. */
    async foldRepeat(input: { serviceId: string; escalationPolicyId: string; dedupKey: string; source: string }): Promise<TriggerAlertResult | null> {
      const folded = await outbox.fold(alertWorkflowId({ alertId: '', ...input }), input.source || 'system', new Date());
      if (!folded) return null;
      foldsArrived();
      return { ...folded, deduplicated: true };
    },

    /** Before acting on an alert still in the outbox: start it now (or wait for whoever is starting it). */
    async ensureStarted(alertId: string): Promise<void> {
      const until = Date.now() + deadlineMs;
      for (;;) {
        const c = await outbox.claim(alertId, owner, leaseMs);
        if (c ? await startOne(c) : !(await outbox.isPending(alertId))) return;
        if (Date.now() > until) throw new TemporalUnavailableError(`alert ${alertId} has not started yet`);
        await new Promise((r) => setTimeout(r, ENSURE_POLL_MS));
      }
    },

    /** The alert was resolved: the next trigger with its dedup key opens a new alert. */
    release: (alertId: string) => outbox.releaseOpenKey(alertId),

    /** Recovers what earlier processes left pending, then keeps sweeping for lapsed leases and untold folds. */
    async start(): Promise<void> {
      stopped = false;
      const adopted = await outbox.claimOpenKeysOfOlderAlerts();
      if (adopted > 0) deps.log?.info({ adopted }, 'open dedup alerts from before the start outbox now hold their keys');
      const sweep = () => {
        sweeper = setTimeout(() => {
          if (stopped) return;
          wake();
          if (foldsMaybe) foldsArrived();
          sweep();
        }, sweepDelayMs(deps.sweepMs ?? START_SWEEP_MS, lastClaimMs));
        sweeper.unref();
      };
      sweep();
      wake();
      foldsArrived();
    },

    wake,

    /** Stops claiming; starts in flight finish (their leases would lapse anyway). */
    async stop(): Promise<void> {
      stopped = true;
      clearTimeout(sweeper);
      clearTimeout(foldTimer);
      foldTimer = undefined;
      for (const t of retries) clearTimeout(t);
      retries.clear();
      await Promise.allSettled([...running]);
    },
  };
}

import { condition, workflowInfo } from '@temporalio/workflow';
import type { TimelineEntry } from '../src/domain/escalation.types';
import type { AlertPatch } from '../src/db/alert.repository';
import type { AttemptStatus } from '../src/db/notification-attempt.model';
import type { AttemptOutcome, OpenAlertRequest, ProjectResult } from '../activities/activity.types';
import type { AlertEventInput, AlertEventPlan } from '../activities/alert-events.activities';
import { projection } from './activities';
import type { Emit } from './alert-state';

/** What the projector has not written yet (carried through continueAsNew). */
export interface ProjectorBacklog {
  entries: TimelineEntry[];
  patch: AlertPatch;
  outcomes: AttemptOutcome[];
  /** Opening the alert document, until the first batch has done it. */
  open?: OpenAlertRequest;
}

/** An alert event waiting for its plan; `done(undefined)` when it could not be planned (hand it over). */
interface PendingEvent {
  input: AlertEventInput;
  done: (plan: AlertEventPlan | undefined) => void;
}

/**
 * Batches the alert document's opening, timeline entries, status changes and attempt outcomes into the
 * Mongo projection, in order, one (local) activity per batch (fewer activations and history events than
 * one per write). Handlers only enqueue; this loop does the I/O. Alert events to plan ride along too
 * (plan), so announcing a change costs no local activity of its own.
 */
export class Projector {
  private entries: TimelineEntry[];
  private patch: AlertPatch;
  private outcomes: AttemptOutcome[];
  private open: OpenAlertRequest | undefined;
  private events: PendingEvent[] = [];
  private flushing = false;
  private paused = false;

  constructor(
    private readonly alertId: string,
    backlog?: ProjectorBacklog,
    /** Sees each entry as it is emitted (alert events for webhooks and Slack: alert-events.ts). */
    private readonly onEntry?: (entry: TimelineEntry) => void,
    /** Let the activation that made work settle before taking the batch (see run). */
    private readonly settle = false,
  ) {
    this.entries = backlog?.entries ?? [];
    this.patch = backlog?.patch ?? {};
    this.outcomes = backlog?.outcomes ?? [];
    this.open = backlog?.open;
  }

  readonly emit: Emit = (entry, patch) => {
    const full = { ...entry, timestamp: new Date(Date.now()).toISOString() };
    this.entries.push(full);
    if (patch) Object.assign(this.patch, patch);
    this.onEntry?.(full);
  };

  setPatch(patch: AlertPatch): void {
    Object.assign(this.patch, patch);
  }

  recordOutcome(key: string, status: AttemptStatus, providerId?: string): void {
    this.outcomes.push({ key, status, providerId });
  }

  get idle(): boolean {
    return !this.flushing && !this.hasWork();
  }

  get isFlushing(): boolean {
    return this.flushing;
  }

  /**
   * Plans an alert event with the next batch. Resolves undefined when it cannot (paused for continue-as-new,
   * or the batch failed): the caller then hands the event over to be planned durably.
   */
  plan(input: AlertEventInput): Promise<AlertEventPlan | undefined> {
    if (this.paused) return Promise.resolve(undefined);
    return new Promise((done) => this.events.push({ input, done }));
  }

  /**
   * Stops starting new batches (before continue-as-new); what is queued is handed over as the backlog, and
   * events still waiting for a plan are handed over unplanned.
   */
  pause(): void {
    this.paused = true;
    for (const e of this.events.splice(0)) e.done(undefined);
  }

  backlog(): ProjectorBacklog {
    return { entries: this.entries, patch: this.patch, outcomes: this.outcomes, ...(this.open ? { open: this.open } : {}) };
  }

  private hasWork(): boolean {
    return this.entries.length > 0 || this.outcomes.length > 0 || Object.keys(this.patch).length > 0 || this.open !== undefined || this.events.length > 0;
  }

  /**
   * Runs for the workflow's life; `stopped` ends it once everything is written. While `held` is true the
   * batch keeps growing instead (a page is being set up: see projectionHeld in alert-context.ts).
   */
  async run(stopped: () => boolean, held: () => boolean = () => false): Promise<void> {
    const ready = () => (this.hasWork() && !this.paused && !held()) || stopped();
    for (;;) {
      await condition(ready);
      if (this.settle) {
        // The jobs of one activation (an acknowledgement and a page's result, say) resume their code in
        // microtasks, some several hops behind this one. Conditions are checked again only once every
        // microtask has run: what the rest of the activation emits joins this batch, not one of its own.
        await condition(() => true);
        if (!ready()) continue;
      }
      if (!this.hasWork() || this.paused) return;
      this.flushing = true;
      const entries = this.entries.splice(0);
      const patch = this.patch;
      const outcomes = this.outcomes.splice(0);
      const open = this.open;
      const events = this.events.splice(0);
      this.patch = {};
      let plans: AlertEventPlan[] | undefined;
      try {
        // Batches recorded before projections returned anything replay with no result at all.
        const result: ProjectResult | undefined = await projection.project({
          alertId: this.alertId,
          patch,
          entries,
          ...(open ? { open } : {}),
          ...(outcomes.length > 0 ? { outcomes } : {}),
          ...(events.length > 0 ? { events: events.map((e) => e.input) } : {}),
        });
        plans = result?.plans;
        this.open = undefined;
      } finally {
        this.flushing = false;
        events.forEach((e, i) => e.done(plans?.[i]));
      }
    }
  }
}

/** Long histories replay slowly: continue as new past this many events (or when the server suggests it). */
export const DEFAULT_MAX_HISTORY_EVENTS = 2000;

export function historyTooLong(maxEvents: number): boolean {
  const info = workflowInfo();
  return info.continueAsNewSuggested || info.historyLength > maxEvents;
}

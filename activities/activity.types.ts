import type { AlertInfo, EscalationTarget, NotifyChannel, TimelineEntry } from '../src/domain/escalation.types';
import type { AlertPatch } from '../src/db/alert.repository';
import type { AttemptStatus } from '../src/db/notification-attempt.model';
import type { PagedPerson, Person } from './ports';
import type { AlertEventInput, AlertEventPlan } from './alert-events.activities';

/** Shapes that cross the workflow/activity boundary. */

export interface ResolvedTargets {
  people: Person[];
  /** One per target that yielded nobody (a schedule with nobody on call, an unknown user). */
  gaps: { target: EscalationTarget; reason: string }[];
}

export interface NotifyRequest {
  key: string;
  alertId: string;
  round: number;
  level: number | 'owner';
  attempt: number;
  channel: NotifyChannel;
  /** pageThrottleSeconds: the person's own throttle for bundled pages (absent: the worker's default). */
  person: PagedPerson;
  /** SMS body (ignored for calls: the call's TwiML is served by the voice webhook). */
  text: string;
  /** What email and Slack show (the alert document may not be written yet when the first page goes out). */
  alert?: Pick<AlertInfo, 'title' | 'severity' | 'description'>;
  /**
   * Calls and texts of an escalation level carry what a bundle lists (src/domain/page-bundle.ts): with it,
   * and a bundle store in the worker, the page joins the person's waiting or ringing bundle.
   */
  page?: { severity: AlertInfo['severity']; title: string; at: string };
  /** Asking again after a 'waiting' result: the bundle the page joined (its waitingIn). */
  inBundle?: string;
  /** A text sent because a call did not reach its person: a new text bundle gathers longer (SMS_FALLBACK_GATHER_MS). */
  fallback?: boolean;
}

export interface NotifyResult {
  key: string;
  /** 'initiated' (call) or 'sent' (SMS) when dialled now; the recorded status when it was already done. */
  status: string;
  providerId: string | null;
  /** True when nothing was dialled this time (already recorded, or reconciled with the provider). */
  reused: boolean;
  /**
   * What happened, for the timeline: placed now; recorded earlier with its provider ID; reconciled (the
   * provider holds a call or message from the earlier try); re-dialled after a try that left no proof.
   * Absent on results from workers older than reconciliation.
   */
  outcome?: DeliveryOutcome;
  /** Why a re-dial could not be avoided, when the provider could not be asked. */
  note?: string;
  /** With status 'skipped' (email/Slack): why nothing was sent, e.g. no provider configured. */
  reason?: string;
  /** The bundle that carried the page (its public ref and how many alerts it held when this page settled). */
  bundle?: { id: string; size: number };
  /**
   * With status 'waiting': the page joined a bundle held until this instant (ISO). Nothing went out yet; the
   * workflow sleeps until then and asks again with the same request (the page stays in the bundle).
   */
  waitUntil?: string;
  /** With status 'waiting': the bundle's document ID, which a page cancelled meanwhile leaves. */
  waitingIn?: string;
}

export type DeliveryOutcome = 'placed' | 'recorded' | 'reconciled' | 'redialled' | 'bundled';

export interface OpenAlertRequest {
  alert: AlertInfo;
  workflowId: string;
  first: TimelineEntry;
}

export interface ProjectRequest {
  alertId: string;
  patch: AlertPatch;
  entries: TimelineEntry[];
  /** The workflow's first batch opens the alert document too (a no-op when the API already did). */
  open?: OpenAlertRequest;
  /** Provider outcomes of notification attempts, written after the alert's own changes. */
  outcomes?: AttemptOutcome[];
  /**
   * The batch's alert events (webhooks, Slack): planned beside the writes, so a workflow task runs one local
   * activity for both (alert-events.ts). Their plans come back in the same order.
   */
  events?: AlertEventInput[];
}

/** What a projection batch found out: each event's plan (absent when the look-up failed: hand them all over). */
export interface ProjectResult {
  plans?: AlertEventPlan[];
}

export interface AttemptOutcome {
  key: string;
  status: AttemptStatus;
  providerId?: string;
}

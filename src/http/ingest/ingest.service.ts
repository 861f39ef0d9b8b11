import type { Connection } from 'mongoose';
import { alertModel } from '../../db/alert.model';
import { createAlertRepository } from '../../db/alert.repository';
import { getPolicy, toSnapshot } from '../../db/escalation-policy.repository';
import type { ServiceDto } from '../../db/service.repository';
import { alertWorkflowId } from '../../domain/escalation-plan';
import type { IngestDetails, IngestEvent } from '../../domain/ingest';
import type { AlertEngine } from '../../temporal/alert-engine';
import { AppError } from '../errors';
import { pageByRunbook, serviceDedupKey } from './ingest-runbook';
import { runbookPageWorkflowId } from '../../domain/nightdesk-page';
import type { RunbookPager } from '../../temporal/runbook-pager';

export interface IngestOutcome {
  action: IngestEvent['action'];
  dedupKey: string;
  /** The alert the event landed on; null for a follow-up that matched no open alert. */
  alertId: string | null;
  deduplicated?: boolean;
  alreadyEnded?: boolean;
}

export type Ingestor = ReturnType<typeof createIngestor>;

/** Applies ingestion events to a service's alerts: triggers through the engine, follow-ups by (service, dedup key). */
export function createIngestor(deps: { conn: Connection; engine: AlertEngine; runbookPager?: RunbookPager | undefined }) {
  const { conn, engine } = deps;
  const alerts = createAlertRepository(conn);

  async function keepDetails(alertId: string, details: IngestDetails): Promise<void> {
    await alertModel(conn).updateOne({ _id: alertId }, { $set: { ingestDetails: JSON.stringify(details) } }, { timestamps: false });
  }

  async function trigger(service: ServiceDto, ev: Extract<IngestEvent, { action: 'trigger' }>): Promise<IngestOutcome> {
    // Most of a storm repeats open alerts: fold those first, with one MongoDB write. (A NightDesk-ruled service
    // keeps its rule's own dedup, so it goes the long way.)
    if (!service.runbookId) {
      const folded = await engine.foldRepeat({ serviceId: service.id, escalationPolicyId: service.escalationPolicyId, dedupKey: ev.dedupKey, source: ev.source });
      if (folded) return { action: 'trigger', dedupKey: ev.dedupKey, alertId: folded.alertId, deduplicated: true };
    }
    const policy = await getPolicy(conn, service.escalationPolicyId);
    if (!policy) {
      throw new AppError('misconfigured', `service ${service.name}: escalation policy ${service.escalationPolicyId} no longer exists`, 422);
    }
    const ruled = await pageByRunbook(conn, deps.runbookPager, service, ev, policy.id);
    if (ruled) return { action: 'trigger', dedupKey: ev.dedupKey, ...ruled };
    const r = await engine.trigger({
      title: ev.title,
      description: ev.description,
      severity: ev.severity,
      source: ev.source,
      escalationPolicyId: policy.id,
      serviceId: service.id,
      dedupKey: ev.dedupKey,
      policy: toSnapshot(policy),
      ingestDetails: JSON.stringify(ev.details),
      foldTried: !service.runbookId,
    });
    if (!r.deduplicated && !r.detailsKept) await keepDetails(r.alertId, ev.details);
    return { action: 'trigger', dedupKey: ev.dedupKey, alertId: r.alertId, deduplicated: r.deduplicated };
  }

  async function followUp(service: ServiceDto, ev: Extract<IngestEvent, { action: 'acknowledge' | 'resolve' }>, via: string) {
    const workflowId = alertWorkflowId({ alertId: '', dedupKey: ev.dedupKey, serviceId: service.id, escalationPolicyId: service.escalationPolicyId });
    // An alert a NightDesk rule paged lives in its own workflow, named by the same dedup key. The open key (an
    // index lookup) finds a live alert at once; the workflow-ID queries (a scan on the Mongo-wire server, which
    // keeps no non-unique index) remain for alerts opened without one.
    const open =
      (await alerts.findByOpenKey(workflowId)) ??
      (await alerts.findOpenByWorkflowId(workflowId)) ??
      (await alerts.findOpenByWorkflowId(runbookPageWorkflowId(serviceDedupKey(service.id, ev.dedupKey))));
    const base = { action: ev.action, dedupKey: ev.dedupKey };
    if (!open) return { ...base, alertId: null };
    const alertId = String(open._id);
    const by = `${via} (${service.name})`;
    const r = ev.action === 'acknowledge' ? await engine.acknowledge(alertId, by, via) : await engine.resolve(alertId, by, via, ev.note);
    return { ...base, alertId, alreadyEnded: r.alreadyEnded ?? false };
  }

  return {
    apply(service: ServiceDto, ev: IngestEvent, via: string): Promise<IngestOutcome> {
      return ev.action === 'trigger' ? trigger(service, ev) : followUp(service, ev, via);
    },
  };
}

import type { Connection } from 'mongoose';
import { getRunbook } from '../../db/runbook.repository';
import type { ServiceDto } from '../../db/service.repository';
import type { IngestEvent } from '../../domain/ingest';
import { planRunbookPage } from '../../domain/nightdesk-page';
import type { RunbookPager } from '../../temporal/runbook-pager';

export const serviceDedupKey = (serviceId: string, dedupKey: string) => `service:${serviceId}:${dedupKey}`;

/**
 * A service with a NightDesk runbook: the alert's title is the reason. A matching rule pages its target
 * (and the alert is recorded by the rule's page); null means no rule matched, so the service's policy pages.
 */
export async function pageByRunbook(
  conn: Connection,
  pager: RunbookPager | undefined,
  service: ServiceDto,
  ev: Extract<IngestEvent, { action: 'trigger' }>,
  policyId: string,
): Promise<{ alertId: string; deduplicated: boolean } | null> {
  const runbook = pager && service.runbookId ? await getRunbook(conn, service.runbookId) : null;
  if (!pager || !runbook) return null;
  const plan = planRunbookPage(runbook.runbook, { reason: ev.title, at: new Date(), client: service.name });
  if (plan.kind === 'fallback') return null;
  return pager.page({
    plan,
    runbook,
    title: ev.title,
    description: ev.description ? `${plan.text}\n\n${ev.description}` : plan.text,
    severity: ev.severity,
    source: ev.source,
    escalationPolicyId: policyId,
    serviceId: service.id,
    dedupKey: serviceDedupKey(service.id, ev.dedupKey),
  });
}

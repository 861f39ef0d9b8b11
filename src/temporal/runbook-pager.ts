import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { Types } from 'mongoose';
import type { RunbookPageInput } from '../../workflows/runbook-page.workflow';
import { runbookPageWorkflowId, type RunbookPagePlan } from '../domain/nightdesk-page';
import type { RunbookDto } from '../db/runbook.repository';
import type { Severity } from '../domain/escalation.types';
import { notifyTaskQueues } from './client';

export interface RunbookPageRequest {
  plan: Extract<RunbookPagePlan, { kind: 'rule' }>;
  runbook: RunbookDto;
  title: string;
  description: string;
  severity: Severity;
  source: string;
  /** The line's or service's policy, recorded on the alert (it is not paged: the rule is). */
  escalationPolicyId: string;
  serviceId?: string | null;
  dedupKey: string;
}

export type RunbookPager = ReturnType<typeof createRunbookPager>;

/** Starts the NightDesk rule page (workflows/runbook-page.workflow.ts); the same dedup key never pages twice. */
export function createRunbookPager(deps: { client: Client; taskQueue: string }) {
  return {
    async page(req: RunbookPageRequest): Promise<{ alertId: string; deduplicated: boolean }> {
      const alertId = new Types.ObjectId().toHexString();
      const { plan } = req;
      const t = plan.target;
      const member = t.type === 'on-call' ? req.runbook.members.find((m) => m.phone === t.phone) : undefined;
      const input: RunbookPageInput = {
        alert: {
          alertId,
          title: req.title,
          description: req.description,
          severity: req.severity,
          source: req.source,
          escalationPolicyId: req.escalationPolicyId,
          serviceId: req.serviceId ?? null,
          dedupKey: req.dedupKey,
          createdAt: new Date().toISOString(),
        },
        rule: plan.rule.trigger,
        method: plan.method,
        target:
          t.type === 'on-call'
            ? { name: t.name, phone: t.phone, ...(member ? { userId: member.userId } : {}) }
            : t.type === 'phone'
              ? { name: t.phone, phone: t.phone }
              : { name: t.email, email: t.email },
        text: plan.text,
        taskQueues: notifyTaskQueues(deps.taskQueue),
      };
      const workflowId = runbookPageWorkflowId(req.dedupKey);
      try {
        // A dedup key pages once: a monitor re-sending a firing alert must not page again after the page is done.
        await deps.client.workflow.start('runbookPageWorkflow', { workflowId, taskQueue: deps.taskQueue, args: [input], workflowIdReusePolicy: 'REJECT_DUPLICATE' });
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
        const first = (await deps.client.workflow.getHandle(workflowId).fetchHistory()).events?.[0];
        const prior = first?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0]?.data;
        return { alertId: prior ? (JSON.parse(Buffer.from(prior).toString()) as RunbookPageInput).alert.alertId : alertId, deduplicated: true };
      }
      return { alertId, deduplicated: false };
    },
  };
}

import type { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import type { AlertWorkflowInput } from '../../workflows/alert-context';

/**
 * The trigger update timed out: no worker answered in time (the server itself did). Temporal may
 * already hold the alert durably, so answering 503 would invite the sender to retry and page twice.
 * The run's start event says whose alert the workflow is: ours (we started it) or an earlier one.
 * Returns null when no such workflow is running (then the trigger really failed).
 */
export async function recoverTimedOutTrigger(
  client: Client,
  workflowId: string,
  candidateAlertId: string,
): Promise<{ alertId: string; deduplicated: boolean; input: AlertWorkflowInput } | null> {
  const handle = client.workflow.getHandle(workflowId);
  const described = await handle.describe().catch(() => null);
  if (!described || described.status.name !== 'RUNNING') return null;
  const history = await handle.fetchHistory();
  const payload = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
  if (!payload) return null;
  const input = defaultPayloadConverter.fromPayload<AlertWorkflowInput>(payload);
  const alertId = input.alert.alertId;
  return { alertId, deduplicated: alertId !== candidateAlertId, input };
}

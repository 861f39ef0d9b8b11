import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { NotifyRequest } from '../activities/activity.types';
import type { AlertInfo, TimelineEntry } from '../src/domain/escalation.types';
import { CHANNEL_PAGE_TIMEOUT, NOTIFY_RETRY, NOTIFY_TIMEOUT, PERSISTENT_RETRY, PROJECTION_TIMEOUT } from './activities';

/** A NightDesk rule page, frozen when the reason matched: whom, how, and the post's text. */
export interface RunbookPageInput {
  alert: AlertInfo;
  rule: string;
  method: 'sms' | 'call' | 'email';
  /** name: who the page text says is on call; userId when the target is a known user. */
  target: { name: string; phone?: string; email?: string; userId?: string };
  text: string;
  taskQueues: { calls: string; sms: string };
}

/** Derived from the dedup key (a call's SID, an alert's key), so a retried webhook cannot page twice. */
export const runbookPageWorkflowId = (dedupKey: string) => `runbook-page:${dedupKey}`;
const ACTOR = 'nightdesk';
const HOW = { sms: 'SMS', call: 'phone call', email: 'email' } as const;

/**
 * Opens the alert, pages the rule's target once by the rule's method, and writes on the timeline who was
 * paged and how. Small and separate from the alert workflow: a rule pages one target, it has no levels.
 */
export async function runbookPageWorkflow(input: RunbookPageInput): Promise<string> {
  const { alert, method, target } = input;
  const { workflowId } = workflowInfo();
  const projection = proxyActivities<Activities>({ startToCloseTimeout: PROJECTION_TIMEOUT, retry: PERSISTENT_RETRY });
  const entry = (key: string, action: string, details: string): TimelineEntry => ({ key, action, actor: ACTOR, timestamp: new Date(Date.now()).toISOString(), details });
  await projection.openAlert({
    alert,
    workflowId,
    first: { key: 'triggered', action: 'triggered', actor: alert.source, timestamp: alert.createdAt, details: `NightDesk rule "${input.rule}" matched` },
  });
  const key = `${workflowId}:${method}`;
  const address = method === 'email' ? target.email : target.phone;
  const paged = `${target.name} by ${HOW[method]}${address && address !== target.name ? ` (${address})` : ''}`;
  let result: { status: string; reason?: string };
  try {
    if (method === 'email') {
      const mail = proxyActivities<Activities>({ startToCloseTimeout: CHANNEL_PAGE_TIMEOUT, retry: NOTIFY_RETRY });
      result = await mail.sendRunbookEmail({ key, alertId: alert.alertId, to: target.email ?? '', subject: `[Nightline] ${alert.title}`, text: input.text });
    } else {
      const queue = method === 'call' ? input.taskQueues.calls : input.taskQueues.sms;
      const notify = proxyActivities<Activities>({ taskQueue: queue, startToCloseTimeout: NOTIFY_TIMEOUT, retry: NOTIFY_RETRY });
      const req: NotifyRequest = {
        key,
        alertId: alert.alertId,
        round: 0,
        level: 0,
        attempt: 0,
        channel: method === 'call' ? 'phone_call' : 'sms',
        person: { id: target.userId ?? `runbook:${target.phone ?? ''}`, name: target.name, phone: target.phone ?? '' },
        text: input.text,
      };
      result = await (method === 'call' ? notify.placeCall(req) : notify.sendSms(req));
    }
  } catch (err) {
    await projection.project({ alertId: alert.alertId, patch: {}, entries: [entry('runbook:failed', 'runbook_page_failed', `could not page ${paged}: ${String(err)}`)] });
    return 'failed';
  }
  const done =
    result.status === 'skipped'
      ? entry('runbook:skipped', 'runbook_page_skipped', `${paged} not paged: ${result.reason ?? 'skipped'}`)
      : entry('runbook:paged', 'runbook_paged', `${paged} paged under NightDesk rule "${input.rule}": ${input.text}`);
  await projection.project({ alertId: alert.alertId, patch: {}, entries: [done] });
  return result.status;
}

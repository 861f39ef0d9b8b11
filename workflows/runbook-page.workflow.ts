import { allHandlersFinished, condition, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import { acknowledgeUpdate, escalateUpdate, resolveUpdate, type ActionResult } from './messages';
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

const ACTOR = 'nightdesk';
const HOW = { sms: 'SMS', call: 'phone call', email: 'email' } as const;

/**
 * Opens the alert, pages the rule's target once by the rule's method, writes on the timeline who was
 * paged and how, then stays open for acknowledge and resolve. Small and separate from the alert workflow: a rule pages one target, it has no levels.
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
  const state = acceptAckAndResolve(alert.alertId, projection.project, entry);
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
    result = { status: 'failed', reason: String(err) };
  }
  const done =
    result.status === 'failed'
      ? entry('runbook:failed', 'runbook_page_failed', `could not page ${paged}: ${result.reason ?? 'failed'}`)
      : result.status === 'skipped'
      ? entry('runbook:skipped', 'runbook_page_skipped', `${paged} not paged: ${result.reason ?? 'skipped'}`)
      : entry('runbook:paged', 'runbook_paged', `${paged} paged under NightDesk rule "${input.rule}": ${input.text}`);
  await projection.project({ alertId: alert.alertId, patch: {}, entries: [done] });
  // The alert stays open, like any other, until someone resolves it (the API, a one-click link, an SMS reply).
  await condition(() => state.status === 'resolved');
  await condition(allHandlersFinished);
  return result.status;
}

type Project = ReturnType<typeof proxyActivities<Activities>>['project'];

/** Acknowledge and resolve, as the alert engine sends them to any alert; a rule page has no level to escalate to. */
function acceptAckAndResolve(alertId: string, project: Project, entry: (key: string, action: string, details: string) => TimelineEntry) {
  const state = { status: 'triggered' as 'triggered' | 'acknowledged' | 'resolved' };
  const ended = (message: string): ActionResult => ({ ok: false, status: state.status, alreadyEnded: true, currentLevel: 0, message });
  setHandler(acknowledgeUpdate, async ({ by }) => {
    if (state.status !== 'triggered') return ended(`already ${state.status}`);
    state.status = 'acknowledged';
    const at = new Date(Date.now()).toISOString();
    await project({ alertId, patch: { status: 'acknowledged', acknowledgedBy: by, acknowledgedAt: at }, entries: [entry('acknowledged', 'acknowledged', `acknowledged by ${by}`)] });
    return { ok: true, status: state.status, currentLevel: 0, message: `acknowledged by ${by}` };
  });
  setHandler(resolveUpdate, async ({ by, note }) => {
    if (state.status === 'resolved') return ended('already resolved');
    state.status = 'resolved';
    const at = new Date(Date.now()).toISOString();
    const patch = { status: 'resolved' as const, resolvedBy: by, resolvedAt: at, ...(note ? { resolutionNote: note } : {}) };
    await project({ alertId, patch, entries: [entry('resolved', 'resolved', `resolved by ${by}${note ? `: ${note}` : ''}`)] });
    return { ok: true, status: state.status, currentLevel: 0, message: `resolved by ${by}` };
  });
  setHandler(escalateUpdate, () => ({ ok: false, status: state.status, currentLevel: 0, message: 'a NightDesk rule pages one target: there is no further level' }));
  return state;
}

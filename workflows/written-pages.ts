import { isCancellation, patched, sleep } from '@temporalio/workflow';
import { attemptKey } from '../src/domain/escalation-plan';
import { HELD_BACK, type ChannelPlan } from '../src/domain/notification-channels';
import { launch, type AlertContext, type PagedPerson } from './alert-context';
import { notify } from './paging';

/** A page waiting for its person's quiet hours to end (kept in the carried state). */
export interface WaitingPage {
  person: PagedPerson;
  channel: NonNullable<ChannelPlan['later']>['channels'][number];
  step: { round: number; level: number; attempt: number };
  /** Epoch ms: the end of the quiet hours. */
  until: number;
}

/** Alerts that started before written pages waited replay the old behaviour: held back for good. */
const WAIT_PATCH = 'written-pages-wait-out-quiet-hours';

/**
 * The channels of a plan held back until quiet hours end (see ChannelPlan.later), at most one waiting page
 * per person and channel. Returns what is skipped instead: nothing, except on the replay of an alert that
 * ran before these pages waited (high alerts then held email and Slack back for good; others dropped them).
 */
export function holdUntilQuietEnds(
  ctx: AlertContext,
  person: PagedPerson,
  plan: ChannelPlan,
  step: WaitingPage['step'],
  stepId: string,
): ChannelPlan['skipped'] {
  const later = plan.later;
  if (!later) return [];
  if (!patched(WAIT_PATCH)) return plan.deferUntil ? [] : later.channels.map((channel) => ({ channel, reason: HELD_BACK }));
  const until = later.at.getTime();
  for (const channel of later.channels) {
    const key = attemptKey({ alertId: ctx.s.alertId, ...step, userId: person.id, channel });
    ctx.s.waiting ??= {};
    const waits = Object.values(ctx.s.waiting).some((w) => w.person.id === person.id && w.channel === channel);
    if (waits || ctx.s.attempts[key]) continue; // a later attempt of the level adds no second page
    ctx.s.waiting[key] = { person, channel, step, until };
    ctx.projector.emit({
      key: `waiting:${stepId}:${person.id}:${channel}`,
      action: 'notification_waiting',
      actor: 'system',
      details: `${channel} to ${person.name}: quiet hours, sent at ${new Date(until).toISOString()} unless the alert is acknowledged or resolved by then`,
    });
    wake(ctx, key);
  }
  return [];
}

/** After continueAsNew: the waiting pages of the previous run wait on in this one. */
export function resumeWaitingPages(ctx: AlertContext): void {
  for (const key of Object.keys(ctx.s.waiting ?? {})) wake(ctx, key);
}

/**
 * Sleeps in the paging scope, so an acknowledgement or resolve (which cancels it) drops the page. Not
 * counted as in flight: a long wait never holds up continueAsNew, which carries it in the state instead.
 */
function wake(ctx: AlertContext, key: string): void {
  const w = ctx.s.waiting?.[key];
  if (!w || ctx.paging.consideredCancelled) return;
  ctx.paging
    .run(async () => {
      await sleep(Math.max(1, w.until - Date.now()));
      delete ctx.s.waiting?.[key];
      if (ctx.s.status === 'triggered') launch(ctx, () => notify(ctx, w.person, w.channel, w.step));
    })
    .catch((err: unknown) => {
      if (!isCancellation(err)) throw err;
    });
}

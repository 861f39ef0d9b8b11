import { ActivityFailure, ApplicationFailure, CancellationScope, isCancellation, sleep, workflowInfo } from '@temporalio/workflow';
import { attemptKey, attemptOffsetMs, attemptCount, levelLabel } from '../src/domain/escalation-plan';
import type { EscalationTarget, NotifyChannel } from '../src/domain/escalation.types';
import { chooseChannels, type ChannelPlan } from '../src/domain/notification-channels';
import { alertRef, ownerExhaustedSmsText, pageSmsText } from '../src/domain/notification-text';
import { bundleLabel } from '../src/domain/page-bundle';
import type { Person } from '../activities/ports';
import type { NotifyRequest, NotifyResult, ResolvedTargets } from '../activities/activity.types';
import { bundles, channelNotifiers, directory, notifiers } from './activities';
import { launch, type AlertContext, type PagedPerson } from './alert-context';
import { moveUp } from './alert-state';
import { holdUntilQuietEnds } from './written-pages';

/** A first level resolved by the API longer ago than this is looked up again (the shift may have changed). */
export const FIRST_TARGETS_MAX_AGE_MS = 60_000;

/** Floor for a quiet-hours deferral, so a bad clock reading can never make the loop spin. */
const MIN_DEFERRAL_MS = 60_000;

interface Step {
  round: number;
  level: number | 'owner';
  attempt: number;
}

/** One attempt of the current level: resolve who is on call now, choose channels, page in the background. */
export async function dispatchAttempt(ctx: AlertContext, attempt: number): Promise<void> {
  const { s, input, projector } = ctx;
  const emit = projector.emit;
  const { round, level: levelIndex } = s;
  const level = input.policy.levels[levelIndex];
  if (!level) return;
  const stepId = `${round}:${levelIndex}:${attempt}`;
  const resolved = takeFirstTargets(ctx, { round, level: levelIndex, attempt }) ?? (await lookUp(ctx, level.targets));
  // An ack, resolve or escalate press may have landed while we looked people up: then this attempt is moot.
  if (s.status !== 'triggered' || s.exhausted || s.round !== round || s.level !== levelIndex || s.nextAttempt !== attempt) return;

  resolved.gaps.forEach((g, i) =>
    emit({ key: `gap:${stepId}:${i}`, action: 'nobody_to_page', actor: 'system', details: `${g.target.type} ${g.target.id}: ${g.reason}` }),
  );
  if (resolved.people.length === 0) {
    moveUp(s, input.policy, Date.now(), emit, { actor: 'system', reason: `nobody to page at ${levelLabel(levelIndex)}` });
    return;
  }
  const now = new Date(Date.now());
  const plans = resolved.people.map((person) => ({
    person,
    plan: chooseChannels({ severity: input.alert.severity, prefs: person.notificationPrefs, timezone: person.timezone, now }),
  }));
  const ready = plans.filter((p) => p.plan.deliver.length > 0);
  if (ready.length === 0) {
    // Everyone is in quiet hours on a medium/low alert: the level (and its clock) waits for the first to end.
    const earliest = Math.min(...plans.map((p) => p.plan.deferUntil?.getTime() ?? now.getTime()));
    const until = Math.max(earliest, now.getTime() + MIN_DEFERRAL_MS); // never spin on a stale instant
    s.levelStartedAt = until - attemptOffsetMs(level, attempt);
    emit({ key: `deferred:${stepId}:${until}`, action: 'deferred', actor: 'system', details: `quiet hours: paging waits until ${new Date(until).toISOString()}` });
    return;
  }
  s.nextAttempt = attempt + 1;
  const label = `${levelLabel(levelIndex)}, attempt ${attempt + 1} of ${attemptCount(level)}`;
  emit({ key: `targets:${stepId}`, action: 'targets_resolved', actor: 'system', details: `${label}: paging ${plans.map((p) => describe(p.person, p.plan)).join('; ')}` });
  for (const { person, plan } of plans) {
    const throttle = person.notificationPrefs.pageThrottleSeconds;
    const paged: PagedPerson = { id: person.id, name: person.name, phone: person.phone, timezone: person.timezone, ...(throttle !== undefined ? { pageThrottleSeconds: throttle } : {}) };
    ctx.people[person.id] = paged;
    const held = holdUntilQuietEnds(ctx, person, plan, { round, level: levelIndex, attempt }, stepId);
    [...plan.skipped, ...held].forEach((sk) =>
      emit({ key: `skipped:${stepId}:${person.id}:${sk.channel}`, action: 'notification_skipped', actor: 'system', details: `${sk.channel} to ${person.name}: ${sk.reason}` }),
    );
    for (const channel of plan.deliver) launch(ctx, () => notify(ctx, paged, channel, { round, level: levelIndex, attempt }));
  }
}

/** Pages one person on one channel under the step's deterministic key; a call that fails falls back to SMS. */
export async function notify(ctx: AlertContext, person: PagedPerson, channel: NotifyChannel, step: Step, opts: { fallback?: boolean } = {}): Promise<void> {
  const { s, input, projector } = ctx;
  const key = attemptKey({ alertId: s.alertId, ...step, userId: person.id, channel });
  if (s.attempts[key]) return; // this step already paged this person on this channel
  s.attempts[key] = { key, ...step, userId: person.id, channel, status: 'scheduled' };
  const ref = { alertRef: alertRef(s.alertId), severity: input.alert.severity, title: input.alert.title, source: input.alert.source };
  const text = step.level === 'owner' ? ownerExhaustedSmsText(ref) : pageSmsText(ref);
  const n = notifiers(input.taskQueues);
  const written = channel === 'email' || channel === 'slack';
  const page = { severity: input.alert.severity, title: input.alert.title, at: input.alert.createdAt };
  const req = {
    key,
    alertId: s.alertId,
    ...step,
    channel,
    person,
    text,
    ...(written ? { alert: { title: input.alert.title, severity: input.alert.severity, description: input.alert.description } } : { page }),
    ...(opts.fallback ? { fallback: true } : {}),
  };
  const who = step.level === 'owner' ? `owner ${person.name}` : person.name;
  try {
    ctx.pagedInTask = workflowInfo().historyLength;
    const r = await sendWhenDue(ctx, n, channel, req);
    const a = s.attempts[key];
    if (r.status === 'skipped') {
      a.status = 'failed';
      projector.emit({ key: `skipped:${key}`, action: 'notification_skipped', actor: 'system', details: `${channel} to ${who}: ${r.reason ?? 'not sent'}` });
      return;
    }
    if (a.status === 'scheduled') a.status = r.status; // an outcome may already have arrived: keep it
    a.providerId = r.providerId ?? undefined;
    const action = step.level === 'owner' ? 'owner_notified' : SENT_ACTION[channel];
    projector.emit({ key: `notified:${key}`, action, actor: 'system', details: `${channel} to ${who}: ${deliveryText(r)}` });
  } catch (err) {
    if (isCancellation(err)) throw err;
    s.attempts[key].status = 'failed';
    projector.emit({ key: `failed:${key}`, action: 'notification_failed', actor: 'system', details: `${channel} to ${who} failed: ${failureMessage(err)}` });
    if (channel === 'phone_call') requestSmsFallback(ctx, key);
  }
}

const SENT_ACTION: Record<NotifyChannel, string> = { phone_call: 'call_placed', sms: 'sms_sent', email: 'email_sent', slack: 'slack_sent' };

/**
 * A page whose bundle is held a while comes back 'waiting': it sleeps here (a durable timer, cancelled with
 * the paging scope) until the bundle is due, then asks again with the same request, instead of holding an
 * activity slot and heartbeating meanwhile. One cancelled while it sleeps leaves the bundle (best effort), so
 * its text does not list an alert already handled.
 */
async function sendWhenDue(ctx: AlertContext, n: ReturnType<typeof notifiers>, channel: NotifyChannel, req: NotifyRequest): Promise<NotifyResult> {
  let r = await send(n, channel, req);
  while (r.status === 'waiting' && r.waitUntil) {
    const bundleId = r.waitingIn;
    try {
      await sleep(Math.max(1, Date.parse(r.waitUntil) - Date.now()));
    } catch (err) {
      // Best effort: a page that stays is not announced by the call (its alert is handled); a text may list it.
      if (isCancellation(err) && bundleId) await CancellationScope.nonCancellable(() => bundles.leaveBundle(bundleId, req.key)).catch(() => undefined);
      throw err;
    }
    ctx.pagedInTask = workflowInfo().historyLength;
    r = await send(n, channel, bundleId ? { ...req, inBundle: bundleId } : req);
  }
  return r;
}

function send(n: ReturnType<typeof notifiers>, channel: NotifyChannel, req: NotifyRequest) {
  if (channel === 'phone_call') return n.placeCall(req);
  if (channel === 'sms') return n.sendSms(req);
  return channel === 'email' ? channelNotifiers.sendEmailPage(req) : channelNotifiers.sendSlackPage(req);
}

/** Within the same step, text the person whose call did not reach them (at most once per step). */
export function requestSmsFallback(ctx: AlertContext, callKey: string): void {
  const a = ctx.s.attempts[callKey];
  const person = a && ctx.people[a.userId];
  if (!a || !person || ctx.s.status !== 'triggered') return;
  const step = { round: a.round, level: a.level, attempt: a.attempt };
  const smsKey = attemptKey({ alertId: ctx.s.alertId, ...step, userId: a.userId, channel: 'sms' });
  if (ctx.s.attempts[smsKey]) return;
  ctx.projector.emit({ key: `fallback:${callKey}`, action: 'sms_fallback', actor: 'system', details: `call to ${person.name} did not reach them: texting instead` });
  launch(ctx, () => notify(ctx, person, 'sms', step, { fallback: true }));
}

/** The ladder is exhausted: tell the policy's owner by SMS; the alert stays open. */
export async function notifyOwner(ctx: AlertContext): Promise<void> {
  const { s, input, projector } = ctx;
  const ownerId = input.policy.ownerUserId;
  if (!ownerId) {
    projector.emit({ key: `owner:${s.round}:none`, action: 'owner_not_notified', actor: 'system', details: 'the policy names no owner' });
    return;
  }
  const { people } = await lookUp(ctx, [{ type: 'user', id: ownerId }]);
  const owner: Person | undefined = people[0];
  if (!owner) {
    projector.emit({ key: `owner:${s.round}:unknown`, action: 'owner_not_notified', actor: 'system', details: `unknown owner ${ownerId}` });
    return;
  }
  ctx.people[owner.id] = { id: owner.id, name: owner.name, phone: owner.phone };
  await notify(ctx, owner, 'sms', { round: s.round, level: 'owner', attempt: 0 });
}

/**
 * The first attempt of the first level uses the targets the API resolved when it accepted the alert (once,
 * and only while fresh: a run that starts late, or a deferred attempt, looks them up again).
 */
function takeFirstTargets(ctx: AlertContext, step: Step): ResolvedTargets | undefined {
  const first = ctx.input.firstTargets;
  if (!first || ctx.firstTargetsTaken || ctx.input.carried || step.round !== 0 || step.level !== 0 || step.attempt !== 0) return undefined;
  ctx.firstTargetsTaken = true;
  const age = Date.now() - Date.parse(first.at);
  return Math.abs(age) <= FIRST_TARGETS_MAX_AGE_MS ? first.resolved : undefined; // abs: API and server clocks may differ a little
}

/** Who is on call now, for these targets; the projector waits meanwhile (see projectionHeld). */
async function lookUp(ctx: AlertContext, targets: EscalationTarget[]) {
  ctx.lookups++;
  try {
    return await directory.resolveTargets(targets, new Date(Date.now()).toISOString());
  } finally {
    ctx.lookups--;
  }
}

function describe(person: Person, plan: ChannelPlan): string {
  const how = plan.deliver.length > 0 ? plan.deliver.join(' + ') : `deferred until ${plan.deferUntil?.toISOString()}`;
  return `${person.name} (${how}${plan.note ? `; ${plan.note}` : ''})`;
}

/** What the timeline says about a delivery: only what the activity proved (at least once, reconciled). */
export function deliveryText(r: NotifyResult): string {
  const outcome = r.outcome ?? (r.reused ? 'recorded' : 'placed');
  // A bundle of one is an ordinary page: only a shared call or text names its bundle.
  const carried = r.bundle && r.bundle.size > 1 ? ` (${bundleLabel(r.bundle)} so far)` : '';
  if (outcome === 'bundled') return `joined a ${r.bundle ? bundleLabel(r.bundle) : 'bundle'} already on its way: one call or text for all`;
  return singleDeliveryText(outcome, r) + carried;
}

function singleDeliveryText(outcome: string, r: NotifyResult): string {
  if (outcome === 'recorded') return 'placed (recorded before a retry; not dialled again)';
  if (outcome === 'reconciled') return 'reconciled: placed earlier (the provider holds it from the try before a crash; not dialled again)';
  if (outcome === 'redialled') return `re-dialled after a crash (${r.note ?? 'the provider had no record of the earlier try'})`;
  return 'placed';
}

function failureMessage(err: unknown): string {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  if (cause instanceof ApplicationFailure) return cause.message;
  return err instanceof Error ? err.message : String(err);
}

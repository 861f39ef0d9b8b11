import type { AlertDoc } from '../../db/alert.model';
import { notificationAttemptModel, type AttemptStatus, type NotificationAttemptDoc } from '../../db/notification-attempt.model';
import { getUser } from '../../db/user.repository';
import type { SpokenAlert } from '../../domain/twiml-voice-text';
import type { ActionBy } from '../../domain/action-by';
import { FINAL_OUTCOMES, outcomeDrivesPaging, outcomeEntry } from '../../domain/delivery-outcome';
import type { ActionResult, NotificationOutcome } from '../../../workflows/messages';
import type { TwilioContext } from './context';

export type PageAction = 'acknowledge' | 'escalate' | 'resolve';

/** A page as one of its webhooks sees it: the attempt named in the URL, its alert and the person paged. */
export interface PageCall {
  attempt: NotificationAttemptDoc;
  alert: AlertDoc;
  personName: string;
  /** The paged person's IANA zone: times are said in it. */
  personZone: string;
}

export async function loadPage(ctx: TwilioContext, attemptKey: string): Promise<PageCall | null> {
  if (!attemptKey) return null;
  const attempt = await ctx.attempts.findByKey(attemptKey);
  if (!attempt) return null;
  // The attempt names the person as paged; only one recorded before it did needs the user looked up.
  const known = attempt.personName && attempt.personZone ? { name: attempt.personName, timezone: attempt.personZone } : undefined;
  const [alert, user] = await Promise.all([ctx.alerts.findById(attempt.alertId), known ?? getUser(ctx.conn, attempt.userId)]);
  if (!alert) return null;
  return { attempt, alert, personName: user?.name ?? 'on-call engineer', personZone: user?.timezone ?? 'UTC' };
}

export const spokenAlert = (p: PageCall): SpokenAlert => ({
  severity: p.alert.severity,
  title: p.alert.title,
  source: p.alert.source,
  personName: p.personName,
});

export interface ActOutcome extends ActionResult {
  exhausted?: boolean;
}

/** Runs what a keypress (or a text) asked for, as the person who was paged. */
export async function act(
  ctx: TwilioContext,
  p: { alertId: string; by: ActionBy; level: string; via: 'phone' | 'sms'; known?: AlertDoc },
  action: PageAction,
): Promise<ActOutcome> {
  if (action === 'acknowledge') return ctx.engine.acknowledge(p.alertId, p.by, p.via, p.known);
  if (action === 'resolve') return ctx.engine.resolve(p.alertId, p.by, p.via);
  const level = Number(p.level);
  if (!Number.isInteger(level)) {
    return { ok: false, status: 'triggered', message: 'this page was the exhausted-ladder notice, not an escalation level' };
  }
  const r = await ctx.engine.escalate(p.alertId, p.by, level, p.via);
  return { ...r, exhausted: r.ok && /exhausted/i.test(r.message) };
}

/** Statuses after which a later callback for the same attempt is stale (the workflow's rule too). */
const FINAL = FINAL_OUTCOMES as readonly AttemptStatus[];

/** An attempt as an outcome report needs it (a bundle member's is built from the bundle). */
export type OutcomeAttempt = Pick<NotificationAttemptDoc, 'key' | 'alertId' | 'userId' | 'channel' | 'personName'>;

/**
 * Records a provider outcome on the attempt at once (guarded, so a stale callback never overwrites a final
 * status). An outcome that changes paging (a call that did not reach its person: SMS fallback) goes to the
 * alert's workflow, which puts it on the timeline. Any other one is written to the timeline here, keyed, so
 * a replayed callback adds nothing: no workflow task, no Temporal round trip for a fact nothing waits on.
 */
export async function reportOutcome(
  ctx: TwilioContext,
  attempt: OutcomeAttempt,
  outcome: NotificationOutcome,
  providerId: string,
  opts: { bundle?: { id: string; size: number }; personName?: string } = {},
): Promise<void> {
  const { bundle } = opts;
  const set: Record<string, unknown> = { status: outcome as AttemptStatus };
  if (providerId) set.providerId = providerId;
  const recorded = await notificationAttemptModel(ctx.conn)
    .updateOne({ key: { $eq: attempt.key }, status: { $nin: [...FINAL, outcome as AttemptStatus] } }, { $set: set })
    .exec();
  if (outcomeDrivesPaging(attempt.channel, outcome)) {
    await ctx.engine.notificationOutcome(attempt.alertId, { attemptKey: attempt.key, outcome, ...(providerId ? { providerId } : {}), ...(bundle ? { bundle } : {}) });
    return;
  }
  // Not recorded: stale (a final status came first), or a replay of a report whose timeline write failed.
  if (recorded.modifiedCount === 0 && (await ctx.attempts.findByKey(attempt.key))?.status !== outcome) return;
  const name = opts.personName ?? attempt.personName ?? (await getUser(ctx.conn, attempt.userId))?.name ?? attempt.userId;
  const entry = { ...outcomeEntry(attempt, outcome, name, bundle), timestamp: new Date().toISOString() };
  await ctx.alerts.project(attempt.alertId, {}, [entry]);
}

/**
 * Reports an outcome once per receipt key. The receipt guards what goes to the workflow; a timeline-only
 * outcome is idempotent by itself (guarded attempt update, keyed entry), so it skips the receipt's writes.
 */
export async function reportOutcomeOnce(
  ctx: TwilioContext,
  once: { key: string; kind: string; callSid?: string | null; messageSid?: string | null },
  attempt: OutcomeAttempt,
  outcome: NotificationOutcome,
  providerId: string,
  opts: { bundle?: { id: string; size: number }; personName?: string } = {},
): Promise<void> {
  if (!outcomeDrivesPaging(attempt.channel, outcome)) return reportOutcome(ctx, attempt, outcome, providerId, opts);
  const { key, ...meta } = once;
  await ctx.receipts.once(key, meta, async () => {
    await reportOutcome(ctx, attempt, outcome, providerId, opts);
    return '';
  }, '');
}

/** Reports a call's outcome once; a failure is logged, never allowed to break the call's TwiML. */
export async function reportOnce(ctx: TwilioContext, key: string, callSid: string, p: PageCall, outcome: NotificationOutcome): Promise<void> {
  try {
    await reportOutcomeOnce(ctx, { key, kind: `voice-${outcome}`, callSid }, p.attempt, outcome, callSid, { personName: p.personName });
  } catch (err) {
    ctx.log.warn({ err, attemptKey: p.attempt.key, outcome }, 'could not report a call outcome');
  }
}

import type { AlertDoc } from '../../db/alert.model';
import { notificationAttemptModel, type AttemptStatus, type NotificationAttemptDoc } from '../../db/notification-attempt.model';
import { getUser } from '../../db/user.repository';
import type { SpokenAlert } from '../../domain/twiml-voice-text';
import { FALLBACK_OUTCOMES, type ActionResult, type NotificationOutcome } from '../../../workflows/messages';
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
  const [alert, user] = await Promise.all([ctx.alerts.findById(attempt.alertId), getUser(ctx.conn, attempt.userId)]);
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
  p: { alertId: string; by: string; level: string; via: 'phone' | 'sms' },
  action: PageAction,
): Promise<ActOutcome> {
  if (action === 'acknowledge') return ctx.engine.acknowledge(p.alertId, p.by, p.via);
  if (action === 'resolve') return ctx.engine.resolve(p.alertId, p.by, p.via);
  const level = Number(p.level);
  if (!Number.isInteger(level)) {
    return { ok: false, status: 'triggered', message: 'this page was the exhausted-ladder notice, not an escalation level' };
  }
  const r = await ctx.engine.escalate(p.alertId, p.by, level, p.via);
  return { ...r, exhausted: r.ok && /exhausted/i.test(r.message) };
}

/** Statuses after which a later callback for the same attempt is stale (mirrors the workflow's rule). */
const FINAL: readonly AttemptStatus[] = ['acknowledged_by_keypress', 'delivered', 'undelivered', 'failed', ...FALLBACK_OUTCOMES];

/**
 * Records a provider outcome: on the attempt at once (guarded, so a stale callback never overwrites a final
 * status), and to the alert's workflow, which puts it on the timeline and starts any SMS fallback.
 */
export async function reportOutcome(
  ctx: TwilioContext,
  attempt: Pick<NotificationAttemptDoc, 'key' | 'alertId'>,
  outcome: NotificationOutcome,
  providerId: string,
  bundle?: { id: string; size: number },
): Promise<void> {
  const set: Record<string, unknown> = { status: outcome as AttemptStatus };
  if (providerId) set.providerId = providerId;
  await notificationAttemptModel(ctx.conn)
    .updateOne({ key: { $eq: attempt.key }, status: { $nin: [...FINAL, outcome as AttemptStatus] } }, { $set: set })
    .exec();
  await ctx.engine.notificationOutcome(attempt.alertId, { attemptKey: attempt.key, outcome, ...(providerId ? { providerId } : {}), ...(bundle ? { bundle } : {}) });
}

/** Reports an outcome once per key; a failure is logged, never allowed to break the call's TwiML. */
export async function reportOnce(ctx: TwilioContext, key: string, callSid: string, p: PageCall, outcome: NotificationOutcome): Promise<void> {
  try {
    await ctx.receipts.once(key, { kind: `voice-${outcome}`, callSid }, async () => {
      await reportOutcome(ctx, p.attempt, outcome, callSid);
      return '';
    }, '');
  } catch (err) {
    ctx.log.warn({ err, attemptKey: p.attempt.key, outcome }, 'could not report a call outcome');
  }
}

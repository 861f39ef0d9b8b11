import { notificationAttemptModel, type NotificationAttemptDoc } from '../../db/notification-attempt.model';
import { findUserByPhone } from '../../db/user.repository';
import { alertRef } from '../../domain/notification-text';
import { NO_BUNDLE_REPLY, bundleLabel, bundleSmsReply } from '../../domain/page-bundle';
import { parseSmsCommand } from '../../domain/sms-command';
import {
  HELP_REPLY,
  NO_PAGES_REPLY,
  START_REPLY,
  STOP_REPLY,
  UNKNOWN_SENDER_REPLY,
  actionReply,
  notUnderstoodReply,
  unknownCodeReply,
} from '../../domain/sms-command-replies';
import type { TwilioContext } from './context';
import { act } from './page-call.service';

export interface InboundSms {
  from: string;
  body: string;
  /** Set by Twilio when its own opt-out handling already answered STOP/START/HELP. */
  optOutType: string;
}

/** How many of a person's latest pages are considered when a reply names no alert. */
const RECENT_PAGES = 20;

/** The reply to a text sent to Nightline (null: say nothing); acts on the alert it names or implies. */
export async function replyToSms(ctx: TwilioContext, sms: InboundSms): Promise<string | null> {
  const cmd = parseSmsCommand(sms.body);
  const user = await findUserByPhone(ctx.conn, sms.from);
  const carrierAnswered = !!sms.optOutType;
  if (cmd.kind === 'stop') {
    await ctx.optOuts.optOut(sms.from, user?.id ?? null, sms.body.trim().toUpperCase().slice(0, 20));
    return carrierAnswered ? null : STOP_REPLY;
  }
  if (cmd.kind === 'start') {
    await ctx.optOuts.optIn(sms.from);
    return carrierAnswered ? null : START_REPLY;
  }
  if (cmd.kind === 'help') return carrierAnswered ? null : HELP_REPLY;
  if (!user) return UNKNOWN_SENDER_REPLY;
  if (cmd.kind === 'unknown') return notUnderstoodReply(sms.body);
  if (cmd.kind === 'all') return actOnBundle(ctx, user, cmd.action);

  const target = cmd.code === undefined ? await latestPage(ctx, user.id) : await pageByCode(ctx, user.id, cmd.code);
  if (!target) return cmd.code === undefined ? NO_PAGES_REPLY : unknownCodeReply(cmd.code);
  const result = await act(ctx, { alertId: target.alertId, by: { name: user.name, userId: user.id }, level: target.level, via: 'sms' }, cmd.action);
  const code = cmd.code ?? (await ctx.codes.codeOf(user.id, target.alertId));
  return actionReply(cmd.action, { ref: code === null ? alertRef(target.alertId) : String(code), title: target.title }, result);
}

/** "1 ALL": acts on every alert of the person's latest bundled text, as that person, via SMS. */
async function actOnBundle(ctx: TwilioContext, user: { id: string; name: string }, action: 'acknowledge' | 'resolve'): Promise<string> {
  const b = await ctx.bundles.latestSent(user.id, 'sms');
  if (!b || b.members.length < 2) return NO_BUNDLE_REPLY;
  const via = `sms (${bundleLabel({ id: b.ref, size: b.members.length })})`;
  const by = { name: user.name, userId: user.id };
  const results = await Promise.all(
    b.members.map(async (m) => {
      const r = action === 'acknowledge' ? await ctx.engine.acknowledge(m.alertId, by, via) : await ctx.engine.resolve(m.alertId, by, via);
      return r.ok ? String((await ctx.codes.codeOf(user.id, m.alertId)) ?? alertRef(m.alertId)) : null;
    }),
  );
  const done = results.filter((c): c is string => c !== null);
  return bundleSmsReply(action, done, results.length - done.length);
}

interface Target {
  alertId: string;
  title: string;
  /** The level the person was paged at (what "escalate" means for them). */
  level: string;
}

async function pageByCode(ctx: TwilioContext, userId: string, code: number): Promise<Target | null> {
  const alertId = await ctx.codes.alertFor(userId, code);
  const alert = alertId ? await ctx.alerts.findById(alertId) : null;
  if (!alertId || !alert) return null;
  const [last] = await recentAttempts(ctx, { userId: { $eq: userId }, alertId: { $eq: alertId } }, 1);
  return { alertId, title: alert.title, level: last?.level ?? String(alert.currentLevel) };
}

/** The most recent page to this person of an alert that is still open; else their most recent page at all. */
async function latestPage(ctx: TwilioContext, userId: string): Promise<Target | null> {
  const recent = await recentAttempts(ctx, { userId: { $eq: userId } }, RECENT_PAGES);
  let fallback: Target | null = null;
  const seen = new Set<string>();
  for (const a of recent) {
    if (seen.has(a.alertId)) continue;
    seen.add(a.alertId);
    const alert = await ctx.alerts.findById(a.alertId);
    if (!alert) continue;
    const t = { alertId: a.alertId, title: alert.title, level: a.level };
    if (alert.status !== 'resolved') return t;
    fallback ??= t;
  }
  return fallback;
}

function recentAttempts(ctx: TwilioContext, filter: Record<string, unknown>, limit: number) {
  return notificationAttemptModel(ctx.conn)
    .find(filter)
    .sort({ createdAt: -1, _id: -1 })
    .limit(limit)
    .lean<NotificationAttemptDoc[]>()
    .exec();
}

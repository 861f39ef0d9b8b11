import type { PageBundleDoc } from '../../db/page-bundle.model';
import { getUser } from '../../db/user.repository';
import { bundleLabel, worstFirst, type BundleMember } from '../../domain/page-bundle';
import type { NotificationOutcome } from '../../../workflows/messages';
import type { TwilioContext } from './context';
import { reportOutcome, reportOutcomeOnce, type OutcomeAttempt } from './page-call.service';

/** A bundle as its webhooks see it: who was paged, and the alerts the answered call announced (worst first). */
export interface BundleCall {
  bundle: PageBundleDoc;
  personName: string;
  announced: BundleMember[];
  /** How the timeline names it: "bundle b-1a2b3c4d, 7 alerts". */
  label: string;
  info: { id: string; size: number };
}

export async function loadBundle(ctx: TwilioContext, b: PageBundleDoc): Promise<BundleCall> {
  const user = await getUser(ctx.conn, b.userId);
  const ids = new Set(b.announced ?? []);
  const info = { id: b.ref, size: b.members.length };
  return { bundle: b, personName: user?.name ?? 'on-call engineer', announced: worstFirst(b.members.filter((m) => ids.has(m.alertId))), label: bundleLabel(info), info };
}

/**
 * Seals the bundle as its call is answered and fixes what it announces: the members whose alert is still
 * unacknowledged now (what "1" acknowledges). A replayed answer reads the first one's list.
 */
export async function answerBundle(ctx: TwilioContext, bundleId: string, callSid: string): Promise<BundleCall | null> {
  const sealed = await ctx.bundles.seal(bundleId, callSid);
  if (!sealed || sealed.members.length <= 1) return null;
  const alerts = await Promise.all(sealed.members.map((m) => ctx.alerts.findById(m.alertId)));
  const open = sealed.members.filter((_, i) => alerts[i]?.status === 'triggered').map((m) => m.alertId);
  const announced = await ctx.bundles.announce(bundleId, open);
  return loadBundle(ctx, { ...sealed, announced });
}

const memberAttempt = (b: PageBundleDoc, m: BundleMember): OutcomeAttempt => ({ key: m.key, alertId: m.alertId, userId: b.userId, channel: b.channel });

/** Tells every member's alert what became of the bundle's call or text; each once per key, failures logged. */
export async function fanOut(ctx: TwilioContext, b: PageBundleDoc, outcome: NotificationOutcome, sid: string, onceKey: string, personName?: string): Promise<void> {
  const info = { id: b.ref, size: b.members.length };
  const name = personName ?? (await getUser(ctx.conn, b.userId))?.name ?? b.userId;
  await Promise.all(
    b.members.map(async (m) => {
      try {
        const once = { key: `${onceKey}:${m.key}`, kind: `bundle-${outcome}`, callSid: sid };
        await reportOutcomeOnce(ctx, once, memberAttempt(b, m), outcome, sid, { bundle: info, personName: name });
      } catch (err) {
        ctx.log.warn({ err, attemptKey: m.key, outcome }, 'could not report a bundle outcome');
      }
    }),
  );
}

/** Acknowledges bundled alerts as the person who was called; returns the members it acknowledged. */
export async function acknowledgeMembers(ctx: TwilioContext, call: BundleCall, members: BundleMember[], callSid: string): Promise<BundleMember[]> {
  const via = `phone (${call.label})`;
  const results = await Promise.all(
    members.map(async (m) => {
      const r = await ctx.engine.acknowledge(m.alertId, { name: call.personName, userId: call.bundle.userId }, via);
      if (r.ok) await reportOutcome(ctx, memberAttempt(call.bundle, m), 'acknowledged_by_keypress', callSid, { bundle: call.info, personName: call.personName });
      return r.ok ? m : null;
    }),
  );
  return results.filter((m): m is BundleMember => m !== null);
}

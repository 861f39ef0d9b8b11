import type { NotificationAttemptRepository } from '../src/db/notification-attempt.repository';
import type { TelephonyProvider } from '../src/telephony/telephony';
import type { PageBundleRepository } from '../src/db/page-bundle.repository';
import { pause } from './reconcile';

/** Attempt statuses of a call Twilio may still be ringing: placed, not yet answered or ended. */
const RINGABLE = new Set(['initiated', 'pending']);

export interface QuietRequest {
  alertId: string;
  /** People not to hang up on: whoever acknowledged (their own call is telling them so). */
  exceptUserIds: string[];
}

export interface QuietResult {
  /** Provider IDs of the calls this ended. */
  hungUp: string[];
  /** Calls the provider would not end (already over), with its reason. */
  skipped: { sid: string; reason: string }[];
}

/**
 * Acknowledged means quiet: ends the alert's calls to other people that are still queued or ringing. A dial
 * in flight when the ack landed gets its provider ID a moment later, so pending ones are waited for a while.
 */
export function createQuietActivities(deps: {
  telephony: TelephonyProvider;
  attempts: NotificationAttemptRepository;
  /** A call that carries other alerts too (a bundle) is left ringing: they still need it. */
  bundles?: { repo: Pick<PageBundleRepository, 'findBySid'> };
  settleMs?: number;
  pollMs?: number;
}) {
  const carriesOthers = async (sid: string) => ((await deps.bundles?.repo.findBySid(sid))?.members.length ?? 1) > 1;
  const settleMs = deps.settleMs ?? 20_000;
  const pollMs = deps.pollMs ?? 1_000;
  return {
    async hangUpRingingCalls(req: QuietRequest): Promise<QuietResult> {
      const result: QuietResult = { hungUp: [], skipped: [] };
      const done = new Set<string>();
      const deadline = Date.now() + settleMs;
      for (;;) {
        const open = (await deps.attempts.listForAlert(req.alertId)).filter(
          (a) => a.channel === 'phone_call' && RINGABLE.has(a.status) && !req.exceptUserIds.includes(a.userId),
        );
        for (const a of open) {
          if (!a.providerId || done.has(a.providerId)) continue;
          done.add(a.providerId);
          if (await carriesOthers(a.providerId)) {
            result.skipped.push({ sid: a.providerId, reason: 'the call carries other alerts too (a bundle)' });
            continue;
          }
          try {
            await deps.telephony.hangUp(a.providerId);
            result.hungUp.push(a.providerId);
          } catch (err) {
            result.skipped.push({ sid: a.providerId, reason: err instanceof Error ? err.message : String(err) });
          }
        }
        const waiting = open.some((a) => !a.providerId);
        if (!waiting || Date.now() >= deadline) return result;
        await pause(pollMs);
      }
    },
  };
}

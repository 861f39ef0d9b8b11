import { userModel } from '../../db/user.model';
import type { EscalationLevel, EscalationPolicySnapshot } from '../../domain/escalation.types';
import type { TwilioContext } from './context';

/** How the admins are paged when a line's own targets resolve to nobody: at once, twice, five minutes apart. */
const ADMIN_LEVEL = { delayMinutes: 5, repeatCount: 1, retryIntervalMinutes: 5 };

export interface AdminFallback {
  /** The snapshot to page: the admins first, then whatever the line's own policy still holds. */
  snapshot: EscalationPolicySnapshot;
  /** One sentence for the alert's description and timeline, saying whom the page went to and why. */
  note: string;
}

/** Emails listed in ADMIN_PAGE_EMAILS (comma-separated), lower-cased; empty when unset. */
export function adminEmails(list: string | undefined): string[] {
  return (list ?? '')
    .split(',')
    .map((e) => e.trim().toLowerCase())
    .filter(Boolean);
}

/**
 * A voicemail must page someone even when its line's schedule and policy resolve to nobody (deleted, a gap
 * in the rotation, nobody with a phone): the admins named in ADMIN_PAGE_EMAILS are put in front.
 */
export async function pageAdminsInstead(ctx: TwilioContext, id: string, own: EscalationPolicySnapshot | null): Promise<AdminFallback> {
  const emails = adminEmails(ctx.config.ADMIN_PAGE_EMAILS);
  const admins = emails.length ? await userModel(ctx.conn).find({ email: { $in: emails } }).select({ _id: 1, name: 1 }).lean() : [];
  const levels: EscalationLevel[] = own?.levels ?? [];
  const why = "Nobody could be reached through this line's schedule or escalation policy";
  if (admins.length === 0) {
    return { snapshot: { ...own, id, levels }, note: `${why}, and no admin is configured (ADMIN_PAGE_EMAILS): nobody is paged; see the alert list.` };
  }
  const adminLevel: EscalationLevel = { targets: admins.map((a) => ({ type: 'user' as const, id: String(a._id) })), ...ADMIN_LEVEL };
  return {
    snapshot: { ...own, id, levels: [adminLevel, ...levels] },
    note: `${why}: paging the admins (${admins.map((a) => a.name).join(', ')}).`,
  };
}

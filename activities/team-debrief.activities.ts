import type { NoticeStore } from '../src/db/notice-store';
import type { DebriefQuery } from '../src/db/debrief.repository';
import { quietHoursEnd } from '../src/domain/notification-channels';
import { wantsNotice } from '../src/domain/notice-prefs';
import { debriefChannels, nextTeamDebrief, teamDebriefKey } from '../src/domain/team-debrief';
import type { NoticeSender } from './notice-sender';

export interface TeamDebriefDeps {
  store: NoticeStore;
  sender: NoticeSender;
  /** The plain-text debrief of the night before a local date. */
  debriefText: (q: DebriefQuery) => Promise<string>;
}

export type PlanTeamDebriefResult = { gone: true } | { gone: false; next: { at: number; date: string } | null };

export interface SendTeamDebriefInput {
  teamId: string;
  /** The team's local morning date the debrief is for (part of every send-once key). */
  date: string;
  /** The workflow's clock (tests skip time on the server, so activities must not read their own). */
  now: number;
  /** Only these people (a second pass for those who were in quiet hours); absent: every member. */
  userIds?: string[];
}

export interface SendTeamDebriefResult {
  /** `<userId>:<channel>` → sent, skipped (why), or already done by an earlier try. */
  outcomes: Record<string, string>;
  /** People in quiet hours: nothing was sent to them; the workflow comes back for them at `until`. */
  held: Array<{ userId: string; until: number }>;
}

const SUBJECT = 'Morning debrief';

/** The morning debrief of one team, at its own local time, to its members who want it (by email and Slack). */
export function createTeamDebriefActivities({ store, sender, debriefText }: TeamDebriefDeps) {
  return {
    /** The team's next debrief strictly after `after`; null when the team turned it off. */
    async planTeamDebrief(input: { teamId: string; after: number }): Promise<PlanTeamDebriefResult> {
      const team = await store.teamDebrief(input.teamId);
      if (!team) return { gone: true };
      return { gone: false, next: team.settings.enabled ? nextTeamDebrief(team.settings, input.after) : null };
    },

    /**
     * Sends the debrief of `date` to each member who wants it, once per person and channel (the send-once
     * record is written before sending). People in quiet hours are handed back to the workflow.
     */
    async sendTeamDebrief(input: SendTeamDebriefInput): Promise<SendTeamDebriefResult> {
      const result: SendTeamDebriefResult = { outcomes: {}, held: [] };
      const team = await store.teamDebrief(input.teamId);
      if (!team || !team.settings.enabled) return result;
      const ids = input.userIds ? team.memberIds.filter((id) => input.userIds!.includes(id)) : team.memberIds;
      let text: string | undefined;
      for (const userId of ids) {
        const person = await store.recipient(userId);
        if (!person || !wantsNotice(person.prefs, 'debrief')) continue;
        const quietEnd = quietHoursEnd(person.quietHours, person.timezone, new Date(input.now));
        if (quietEnd) {
          result.held.push({ userId, until: quietEnd.getTime() });
          continue;
        }
        text ??= await debriefText({ date: input.date, timezone: team.settings.timezone, debriefTime: team.settings.time, teamId: input.teamId });
        for (const channel of debriefChannels(person.prefs)) {
          const key = teamDebriefKey(input.teamId, input.date, userId, channel);
          const claim = await store.claim({ key, scheduleId: `team:${input.teamId}`, userId, kind: 'debrief', channel, text, dueAt: new Date(input.now) });
          if (!claim.fresh && claim.doc.status !== 'pending') {
            result.outcomes[`${userId}:${channel}`] = `already ${claim.doc.status}`;
            continue;
          }
          const sent = await sender.send(channel, person, text, SUBJECT);
          if (sent) await store.finish(key, { status: 'sent', providerId: sent.providerId });
          else await store.finish(key, { status: 'skipped', reason: `no ${channel} provider or address` });
          result.outcomes[`${userId}:${channel}`] = sent ? 'sent' : 'skipped';
        }
      }
      return result;
    },
  };
}

export type TeamDebriefActivities = ReturnType<typeof createTeamDebriefActivities>;

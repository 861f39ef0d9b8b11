import { ApplicationFailure } from '@temporalio/activity';
import { NOTICE_HORIZON_MS, planNotices, type PlannedNotice, type ShiftSnapshot } from '../src/domain/handoff-notices';
import { quietHoursEnd } from '../src/domain/notification-channels';
import { noticeChannelsFor, wantsNotice } from '../src/domain/notice-prefs';
import { shiftChangeNotices } from '../src/domain/shift-changes';
import type { NoticeStore } from '../src/db/notice-store';
import type { NoticeSender } from './notice-sender';

export interface NoticeDeps {
  store: NoticeStore;
  sender: NoticeSender;
}

export interface PlanNoticesInput {
  scheduleId: string;
  /** Notices due at or before this were handled. */
  cursor: number;
  /** The workflow's clock (activities must not read their own: tests skip time on the server). */
  now: number;
  previous: ShiftSnapshot | null;
}

export type PlanNoticesResult =
  | { gone: true }
  | { gone: false; notices: PlannedNotice[]; changes: PlannedNotice[]; snapshot: ShiftSnapshot };

export interface SendNoticeInput {
  scheduleId: string;
  notice: PlannedNotice;
  /** The workflow's clock, to tell whether the person is in quiet hours (absent: send now). */
  now?: number;
}

/**
 * Per channel: sent, skipped (why), or already done by an earlier try. `heldUntil` (epoch ms): the person
 * is in quiet hours, nothing was sent, and the workflow sends the notice again when they end.
 */
export type SendNoticeResult = Record<string, string> | HeldNotice;
export interface HeldNotice {
  all: string;
  heldUntil: number;
}

/** Email subjects and Slack headings per notice kind. */
const SUBJECTS: Record<PlannedNotice['kind'], string> = {
  handoff_ended: 'Your on-call shift has ended',
  handoff_started: 'You are now on-call',
  reminder: 'On-call shift reminder',
  shift_change: 'Your on-call shifts changed',
};

export function createNoticeActivities({ store, sender }: NoticeDeps) {
  return {
    /** Loads the schedule and plans its next notices with the pure domain code; diffs for change notices. */
    async planScheduleNotices(input: PlanNoticesInput): Promise<PlanNoticesResult> {
      // Both plans (from the cursor and from now) must see every override and time off in their horizon.
      const horizonEnd = Math.max(input.cursor, input.now) + NOTICE_HORIZON_MS + 86_400_000;
      const loaded = await store.loadSchedule(input.scheduleId, new Date(Math.min(input.cursor, input.now)), new Date(horizonEnd));
      if (!loaded) return { gone: true };
      const { schedule, people } = loaded;
      const names: Record<string, string> = {};
      const reminderHours: Record<string, number> = {};
      for (const p of people.values()) {
        names[p.id] = p.name;
        reminderHours[p.id] = p.prefs.reminders ? p.prefs.reminderHours : 0;
      }
      const plan = planNotices({ schedule, cursor: input.cursor, names, reminderHours });
      const current = input.now > input.cursor ? planNotices({ schedule, cursor: input.now, names, reminderHours }).snapshot : plan.snapshot;
      const changes = input.previous
        ? shiftChangeNotices({ scheduleId: schedule.id, scheduleName: schedule.name, timezone: schedule.timezone, before: input.previous, after: current, now: input.now })
        : [];
      return { gone: false, notices: plan.notices, changes, snapshot: current };
    },

    /**
     * Sends one notice on each of the person's channels for its topic, exactly once per key: the send-once
     * record is written before sending, and a key already sent or skipped is not sent again. During the
     * person's quiet hours nothing goes out: the notice waits (on every channel) until they end.
     */
    async sendScheduleNotice({ scheduleId, notice, now }: SendNoticeInput): Promise<SendNoticeResult> {
      const person = await store.recipient(notice.userId);
      if (!person) throw ApplicationFailure.nonRetryable(`unknown user ${notice.userId}`, 'UnknownUser');
      // Debriefs planned per schedule before they moved to teams (team-debrief.workflow.ts) are dropped.
      if ((notice.kind as string) === 'debrief') return { all: 'debriefs go out per team now' };
      if (!wantsNotice(person.prefs, notice.topic)) return { all: `opted out of ${notice.topic}` };
      const quietEnd = now === undefined ? undefined : quietHoursEnd(person.quietHours, person.timezone, new Date(now));
      if (quietEnd) return { all: `quiet hours until ${quietEnd.toISOString()}`, heldUntil: quietEnd.getTime() };
      const text = notice.text;
      const result: Record<string, string> = {};
      for (const channel of noticeChannelsFor(person.prefs, notice.topic)) {
        const key = `${notice.key}:${channel}`;
        const claim = await store.claim({ key, scheduleId, userId: person.id, kind: notice.kind, channel, text, dueAt: new Date(notice.at) });
        if (!claim.fresh && claim.doc.status !== 'pending') {
          result[channel] = `already ${claim.doc.status}`;
          continue;
        }
        const sent = await sender.send(channel, person, text, SUBJECTS[notice.kind]);
        if (sent) await store.finish(key, { status: 'sent', providerId: sent.providerId });
        else await store.finish(key, { status: 'skipped', reason: `no ${channel} provider or address` });
        result[channel] = sent ? 'sent' : 'skipped';
      }
      return result;
    },
  };
}

export type NoticeActivities = ReturnType<typeof createNoticeActivities>;

import { isValidObjectId, type Connection } from 'mongoose';
import { teamDebriefSettings, type TeamDebriefSettings } from '../domain/team-debrief';
import { membershipModel, teamModel } from './identity/team.model';
import { effectiveNoticePrefs, type NoticePrefs } from '../domain/notice-prefs';
import type { Schedule } from '../domain/schedule.types';
import { isDuplicateKeyError } from './connect';
import { noticeDeliveryModel, type NoticeDeliveryDoc } from './notice-delivery.model';
import { assembleSchedule, longestShiftMs } from './schedule-assembly';
import { getScheduleDoc } from './schedule.repository';
import { findUsersByIds } from './user.repository';

export interface NoticeRecipient {
  id: string;
  name: string;
  phone: string;
  email: string;
  timezone: string;
  prefs: NoticePrefs;
  /** The person's quiet hours ('HH:mm' local), during which notices wait. */
  quietHours: { start: string; end: string } | null;
}

export type NewDelivery = Pick<NoticeDeliveryDoc, 'key' | 'scheduleId' | 'userId' | 'kind' | 'channel' | 'text' | 'dueAt'>;

/** What the notice activities read and write: schedules and people, and the send-once records. */
export interface NoticeStore {
  /** The schedule covering [from, to) with everyone it names, or null once it is deleted. */
  loadSchedule(scheduleId: string, from: Date, to: Date): Promise<{ schedule: Schedule; people: Map<string, NoticeRecipient> } | null>;
  recipient(userId: string): Promise<NoticeRecipient | null>;
  /** Records the delivery as pending; a second claim of the same key returns the first record instead. */
  claim(d: NewDelivery): Promise<{ fresh: boolean; doc: NoticeDeliveryDoc }>;
  finish(key: string, outcome: { status: 'sent' | 'skipped'; providerId?: string; reason?: string }): Promise<void>;
  deliveries(filter: { scheduleId?: string; userId?: string }): Promise<NoticeDeliveryDoc[]>;
  /** A team's debrief settings (defaults filled in) and its members' ids, or null once it is deleted. */
  teamDebrief(teamId: string): Promise<{ settings: TeamDebriefSettings; memberIds: string[] } | null>;
}

export function createNoticeStore(conn: Connection): NoticeStore {
  const Deliveries = noticeDeliveryModel(conn);
  const people = async (ids: string[]) => {
    const users = await findUsersByIds(conn, ids);
    return new Map(
      [...users.values()].map((u) => [
        u.id,
        {
          id: u.id,
          name: u.name,
          phone: u.phone,
          email: u.email,
          timezone: u.timezone,
          prefs: u.noticePrefs ?? effectiveNoticePrefs(null, u.notificationPrefs.channels),
          quietHours: u.notificationPrefs.quietHours ?? null,
        },
      ]),
    );
  };
  return {
    async loadSchedule(scheduleId, from, to) {
      const doc = await getScheduleDoc(conn, scheduleId);
      if (!doc) return null;
      const pad = longestShiftMs(doc);
      const schedule = await assembleSchedule(conn, doc, new Date(from.getTime() - pad), new Date(to.getTime() + pad));
      const ids = [
        ...schedule.layers.flatMap((l) => l.members.map((m) => m.userId)),
        ...(schedule.holidayRotation?.members.map((m) => m.userId) ?? []),
        ...schedule.overrides.map((o) => o.userId),
      ];
      return { schedule, people: await people(ids) };
    },
    async recipient(userId) {
      return (await people([userId])).get(userId) ?? null;
    },
    async claim(d) {
      try {
        const doc = await Deliveries.create({ ...d, status: 'pending' });
        return { fresh: true, doc: doc.toObject() };
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
        const doc = await Deliveries.findOne({ key: { $eq: d.key } }).lean<NoticeDeliveryDoc>();
        if (!doc) throw err;
        return { fresh: false, doc };
      }
    },
    async finish(key, o) {
      await Deliveries.updateOne({ key: { $eq: key } }, { $set: { status: o.status, providerId: o.providerId ?? null, reason: o.reason ?? null } });
    },
    deliveries(filter) {
      const q: Record<string, unknown> = {};
      if (filter.scheduleId) q.scheduleId = { $eq: filter.scheduleId };
      if (filter.userId) q.userId = { $eq: filter.userId };
      return Deliveries.find(q).sort({ dueAt: 1, key: 1 }).lean<NoticeDeliveryDoc[]>();
    },
    async teamDebrief(teamId) {
      if (!isValidObjectId(teamId)) return null;
      const team = await teamModel(conn).findById(teamId).lean();
      if (!team) return null;
      const members = await membershipModel(conn).find({ teamId: { $eq: teamId } }, { userId: 1 }).lean();
      return { settings: teamDebriefSettings(team.debrief), memberIds: [...new Set(members.map((m) => m.userId))] };
    },
  };
}

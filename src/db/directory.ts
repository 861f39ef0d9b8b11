import type { Connection } from 'mongoose';
import type { Person, TargetDirectory } from '../../activities/ports';
import { ScheduleError } from '../domain/schedule-errors';
import { getScheduleDoc } from './schedule.repository';
import { onCallAt } from './schedule-views';
import { getUser, type User } from './user.repository';

const toPerson = (u: User): Person => ({
  id: u.id,
  name: u.name,
  phone: u.phone,
  timezone: u.timezone,
  notificationPrefs: u.notificationPrefs,
});

/** The escalation's view of users and schedules, backed by the repositories and the domain resolver. */
export function createTargetDirectory(conn: Connection): TargetDirectory {
  return {
    async getUser(id) {
      const u = await getUser(conn, id);
      return u ? toPerson(u) : null;
    },
    async onCallForSchedule(scheduleId, at) {
      const doc = await getScheduleDoc(conn, scheduleId);
      if (!doc) return { person: null, reason: `unknown schedule ${scheduleId}` };
      let answer;
      try {
        answer = await onCallAt(conn, doc, at);
      } catch (err) {
        if (err instanceof ScheduleError) return { person: null, reason: `schedule ${scheduleId} is invalid: ${err.message}` };
        throw err;
      }
      if (!answer.userId) return { person: null, reason: answer.reason ?? `nobody on call for schedule ${doc.name}` };
      const u = await getUser(conn, answer.userId);
      if (!u) return { person: null, reason: `on-call user ${answer.userId} of schedule ${doc.name} no longer exists` };
      return { person: toPerson(u) };
    },
  };
}

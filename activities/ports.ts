import type { NotificationPrefs } from '../src/domain/notification-channels';

/** A person who can be paged, as the escalation sees them. */
export interface Person {
  id: string;
  name: string;
  /** E.164. */
  phone: string;
  /** IANA zone, for quiet hours. */
  timezone: string;
  notificationPrefs: NotificationPrefs;
}

/**
 * Who a page goes to, as the activities see them (with their own page throttle, when they set one).
 * `timezone` is absent in pages of workflows started before it was carried.
 */
export type PagedPerson = Pick<Person, 'id' | 'name' | 'phone'> & { timezone?: string; pageThrottleSeconds?: number };

/**
 * Who is who and who is on call. Implemented by the users/schedules persistence (a later engineer);
 * tests use an in-memory one.
 */
export interface TargetDirectory {
  getUser(id: string): Promise<Person | null>;
  /** `reason` says why nobody is on call (empty rotation, unknown schedule, ...). */
  onCallForSchedule(scheduleId: string, at: Date): Promise<{ person: Person | null; reason?: string }>;
}

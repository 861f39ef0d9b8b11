import type { AlertRepository } from '../src/db/alert.repository';
import type { NotificationAttemptRepository } from '../src/db/notification-attempt.repository';
import type { TelephonyProvider } from '../src/telephony/telephony';
import { createDirectoryActivities } from './directory.activities';
import { createNotifyActivities, type NotifyDeps } from './notify.activities';
import { smsNoticeSender, type NoticeSender } from './notice-sender';
import { createNoticeActivities } from './notices.activities';
import type { NoticeStore } from '../src/db/notice-store';
import type { TargetDirectory } from './ports';
import { createProjectionActivities } from './projection.activities';

export interface ActivityDeps {
  directory: TargetDirectory;
  telephony: TelephonyProvider;
  alerts: AlertRepository;
  attempts: NotificationAttemptRepository;
  publicUrl: string;
  sms?: NotifyDeps['sms'];
  /** Shift notices; the sender defaults to SMS through `telephony`. */
  notices?: { store: NoticeStore; sender?: NoticeSender; debriefText?: (date: string, timezone: string) => Promise<string> };
}

/** All activities of the escalation; the notify ones run on their own rate-limited task queues. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createDirectoryActivities(deps.directory),
    ...createNotifyActivities(deps),
    ...createProjectionActivities(deps.alerts, deps.attempts),
    ...(deps.notices
      ? createNoticeActivities({ ...deps.notices, sender: deps.notices.sender ?? smsNoticeSender(deps.telephony) })
      : {}),
  };
}

export type Activities = ReturnType<typeof createActivities>;
export type { Person, TargetDirectory } from './ports';

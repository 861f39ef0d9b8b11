import type { AlertRepository } from '../src/db/alert.repository';
import type { NotificationAttemptRepository } from '../src/db/notification-attempt.repository';
import type { TelephonyProvider } from '../src/telephony/telephony';
import { createAlertEventActivities, planAlertEvents } from './alert-events.activities';
import { createChannelActivities, type ChannelActivityDeps } from './channels.activities';
import { createDirectoryActivities } from './directory.activities';
import { createNotifyActivities, type NotifyDeps } from './notify.activities';
import { channelNoticeSender, type NoticeSender } from './notice-sender';
import { createNoticeActivities } from './notices.activities';
import type { NoticeStore } from '../src/db/notice-store';
import type { TargetDirectory } from './ports';
import { createProjectionActivities } from './projection.activities';
import { createQuietActivities } from './quiet.activities';
import { createTeamDebriefActivities, type TeamDebriefDeps } from './team-debrief.activities';
import { createRunbookPageActivities } from './runbook-page.activities';

export interface ActivityDeps {
  directory: TargetDirectory;
  telephony: TelephonyProvider;
  alerts: AlertRepository;
  attempts: NotificationAttemptRepository;
  publicUrl: string;
  sms?: NotifyDeps['sms'];
  faults?: NotifyDeps['faults'];
  /** One person, one phone: pages join the person's waiting or ringing bundle (absent: each is dialled alone). */
  bundles?: NotifyDeps['bundles'];
  /** Shift notices; the sender defaults to SMS through `telephony`. */
  notices?: { store: NoticeStore; sender?: NoticeSender; debriefText?: TeamDebriefDeps['debriefText'] };
  /** Email, Slack and outgoing webhooks (src/channels); absent, they report "no provider configured". */
  channels?: Omit<ChannelActivityDeps, 'attempts' | 'publicUrl'>;
}

/** All activities of the escalation; the notify ones run on their own rate-limited task queues. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createDirectoryActivities(deps.directory),
    ...createNotifyActivities(deps),
    ...createProjectionActivities(deps.alerts, deps.attempts, (events) => planAlertEvents(deps.channels, events)),
    ...createQuietActivities(deps),
    ...createChannelActivities(channelDeps(deps)),
    ...createRunbookPageActivities({ ...(deps.channels ? { providers: deps.channels.providers } : {}), attempts: deps.attempts }),
    ...(deps.notices ? noticeActivities(deps, deps.notices) : {}),
    ...createAlertEventActivities(deps.channels),
  };
}

export type Activities = ReturnType<typeof createActivities>;
export type { Person, TargetDirectory } from './ports';

/** Without channel deps every email/Slack page reports "no provider configured" (the Mongo handle is never used then). */
function channelDeps(deps: ActivityDeps): ChannelActivityDeps {
  const none = { providers: { webhook: { post: () => Promise.reject(new Error(NO_WEBHOOKS)) } }, conn: undefined as never, linkSecret: '', linkTtlMs: 0 };
  return { ...(deps.channels ?? none), attempts: deps.attempts, publicUrl: deps.publicUrl };
}

/** Shift notices, and the teams' morning debriefs when the worker can build one. */
function noticeActivities(deps: ActivityDeps, notices: NonNullable<ActivityDeps['notices']>) {
  const sender = notices.sender ?? channelNoticeSender(deps.telephony, deps.channels?.providers);
  const { debriefText } = notices;
  return {
    ...createNoticeActivities({ store: notices.store, sender }),
    ...(debriefText ? createTeamDebriefActivities({ store: notices.store, sender, debriefText }) : {}),
  };
}

const NO_WEBHOOKS = 'outgoing webhooks are not configured in this worker';

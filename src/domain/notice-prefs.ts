/**
 * Which notices a person gets (handoffs, reminders, schedule changes, the morning debrief) and on which
 * channels. Pure data and defaults; stored on the user as `noticePrefs`.
 */
export const NOTICE_CHANNELS = ['sms', 'email', 'slack'] as const;
export type NoticeChannel = (typeof NOTICE_CHANNELS)[number];
export const NOTICE_TOPICS = ['handoffs', 'reminders', 'changes', 'debrief'] as const;
export type NoticeTopic = (typeof NOTICE_TOPICS)[number];

export interface NoticePrefs {
  handoffs: boolean;
  reminders: boolean;
  changes: boolean;
  debrief: boolean;
  /** Hours before a shift starts that the reminder goes out; 0 turns reminders off. */
  reminderHours: number;
  channels: NoticeChannel[];
  /** Per topic, channels that replace `channels` for that topic (e.g. the debrief by email only). */
  topicChannels?: Partial<Record<NoticeTopic, NoticeChannel[]>>;
}

export const DEFAULT_REMINDER_HOURS = 12;
/** Longest reminder lead: the notice planner looks 14 days ahead and re-plans at least weekly. */
export const MAX_REMINDER_HOURS = 168;

/**
 * A person's effective notice preferences. Without their own choice of channels, notices follow their
 * paging channels minus phone calls (nobody is rung for a shift notice), and SMS when nothing is left.
 */
export function effectiveNoticePrefs(
  stored: Partial<NoticePrefs> | null | undefined,
  pagingChannels: readonly string[] = [],
): NoticePrefs {
  const fromPaging = pagingChannels.filter((c): c is NoticeChannel => (NOTICE_CHANNELS as readonly string[]).includes(c));
  const channels = stored?.channels?.length ? stored.channels : fromPaging.length ? fromPaging : ['sms' as const];
  return {
    handoffs: stored?.handoffs ?? true,
    reminders: stored?.reminders ?? true,
    changes: stored?.changes ?? true,
    debrief: stored?.debrief ?? true,
    reminderHours: Math.min(MAX_REMINDER_HOURS, Math.max(0, stored?.reminderHours ?? DEFAULT_REMINDER_HOURS)),
    channels: [...new Set(channels)],
    ...(topicChannels(stored?.topicChannels) ?? {}),
  };
}

function topicChannels(stored: NoticePrefs['topicChannels'] | null | undefined): Pick<NoticePrefs, 'topicChannels'> | undefined {
  const entries = NOTICE_TOPICS.flatMap((t) => (stored?.[t]?.length ? [[t, [...new Set(stored[t])]] as const] : []));
  return entries.length ? { topicChannels: Object.fromEntries(entries) } : undefined;
}

/** The channels a notice of this topic goes out on: the topic's own choice, else the person's notice channels. */
export function noticeChannelsFor(prefs: NoticePrefs, topic: NoticeTopic): NoticeChannel[] {
  return prefs.topicChannels?.[topic]?.length ? prefs.topicChannels[topic] : prefs.channels;
}

/** Whether a notice of this topic goes out to this person at all. */
export function wantsNotice(prefs: NoticePrefs, topic: NoticeTopic): boolean {
  if (topic === 'reminders') return prefs.reminders && prefs.reminderHours > 0;
  return prefs[topic];
}

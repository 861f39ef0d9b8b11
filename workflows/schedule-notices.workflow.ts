import * as wf from '@temporalio/workflow';
import type { NoticeActivities, SendNoticeResult } from '../activities/notices.activities';
import type { PlannedNotice, ShiftSnapshot } from '../src/domain/handoff-notices';
import { replanNoticesSignal } from './notices.messages';

const PLAN_TIMEOUT = '1 minute';
/** Longer than an SMS/email/Slack call, so a slow provider is never abandoned mid-send. */
const SEND_TIMEOUT = '2 minutes';
/** Re-plan at least this often even without notices due: reminders look at most 7 days ahead. */
const MAX_SLEEP_MS = 7 * 86_400_000;
/** Rounds before continuing as new, to keep history short. */
const ROUNDS = 100;
/** Floor for a quiet-hours hold, so a bad clock reading can never make the loop spin. */
const MIN_HOLD_MS = 60_000;

const { planScheduleNotices } = wf.proxyActivities<NoticeActivities>({
  startToCloseTimeout: PLAN_TIMEOUT,
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes' },
});
const { sendScheduleNotice } = wf.proxyActivities<NoticeActivities>({
  startToCloseTimeout: SEND_TIMEOUT,
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes' },
});

export interface ScheduleNoticesInput {
  scheduleId: string;
  /** Notices due at or before this were handled (set when continuing as new). */
  cursor?: number;
  previous?: ShiftSnapshot | null;
  /** Notices waiting for their person's quiet hours to end (carried when continuing as new). */
  held?: HeldNotice[];
}

export interface HeldNotice {
  notice: PlannedNotice;
  /** Epoch ms: the end of the person's quiet hours. */
  until: number;
}

const heldUntil = (r: SendNoticeResult): number | undefined => ('heldUntil' in r && typeof r.heldUntil === 'number' ? r.heldUntil : undefined);

/**
 * One per schedule: sleeps until the next handoff notice or reminder computed by the domain planner,
 * sends what is due, and plans again; a replan signal (an edit) wakes it early and yields change notices.
 * A notice that falls in its person's quiet hours waits here until they end, then goes out.
 */
export async function scheduleNoticesWorkflow(input: ScheduleNoticesInput): Promise<string> {
  const { scheduleId } = input;
  let replans = 0;
  wf.setHandler(replanNoticesSignal, () => {
    replans += 1;
  });
  let cursor = input.cursor ?? Date.now();
  let previous = input.previous ?? null;
  let held: HeldNotice[] = input.held ?? [];
  const send = async (notices: PlannedNotice[]) => {
    for (const notice of notices) {
      const until = heldUntil(await sendScheduleNotice({ scheduleId, notice, now: Date.now() }));
      if (until !== undefined) held.push({ notice, until: Math.max(until, Date.now() + MIN_HOLD_MS) });
    }
  };

  for (let round = 0; round < ROUNDS; round++) {
    const seen = replans;
    const plan = await planScheduleNotices({ scheduleId, cursor, now: Date.now(), previous });
    if (plan.gone) return 'schedule deleted';
    await send(plan.changes);
    previous = plan.snapshot;
    const wakeAt = Math.min(plan.notices[0]?.at ?? Infinity, ...held.map((h) => h.until), Date.now() + MAX_SLEEP_MS);
    const wait = wakeAt - Date.now();
    if (wait > 0) await wf.condition(() => replans !== seen, wait);
    // Woken by the timer or by an edit: what fell due meanwhile follows the plan that was in force, so an
    // edit that moves past handoffs never re-announces them.
    const now = Date.now();
    const released = held.filter((h) => h.until <= now).map((h) => h.notice);
    held = held.filter((h) => h.until > now);
    await send([...released, ...plan.notices.filter((n) => n.at <= now)]);
    cursor = now;
  }
  return wf.continueAsNew<typeof scheduleNoticesWorkflow>({ scheduleId, cursor, previous, held });
}

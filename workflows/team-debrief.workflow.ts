import * as wf from '@temporalio/workflow';
import type { TeamDebriefActivities } from '../activities/team-debrief.activities';
import { replanDebriefSignal } from './notices.messages';

const PLAN_TIMEOUT = '1 minute';
/** Builds the night's digest and sends it to every member: longer than a few emails and Slack posts. */
const SEND_TIMEOUT = '5 minutes';
/** Debriefs before continuing as new, to keep history short (about two months of mornings). */
const ROUNDS = 60;
/** Floor for a quiet-hours hold, so a bad clock reading can never make the loop spin. */
const MIN_HOLD_MS = 60_000;

const { planTeamDebrief } = wf.proxyActivities<TeamDebriefActivities>({
  startToCloseTimeout: PLAN_TIMEOUT,
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes' },
});
const { sendTeamDebrief } = wf.proxyActivities<TeamDebriefActivities>({
  startToCloseTimeout: SEND_TIMEOUT,
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes' },
});

export interface TeamDebriefInput {
  teamId: string;
  /** Debriefs at or before this instant were handled (set when continuing as new). */
  cursor?: number;
}

/**
 * One per team (`team-debrief:<teamId>`): sleeps until the team's next local debrief time, sends the
 * night's digest once to each member who wants it (deterministic per-person keys, so a worker restart or a
 * re-plan never sends it twice), and waits out members' quiet hours. A replan signal (the team changed its
 * time, zone or turned it off) wakes it to plan again.
 */
export async function teamDebriefWorkflow(input: TeamDebriefInput): Promise<string> {
  const { teamId } = input;
  let replans = 0;
  wf.setHandler(replanDebriefSignal, () => {
    replans += 1;
  });
  let cursor = input.cursor ?? Date.now();

  for (let round = 0; round < ROUNDS; ) {
    const seen = replans;
    const plan = await planTeamDebrief({ teamId, after: cursor });
    if (plan.gone) return 'team deleted';
    if (!plan.next) {
      await wf.condition(() => replans !== seen); // turned off: wait for the next change of settings
      continue;
    }
    const wait = plan.next.at - Date.now();
    if (wait > 0 && (await wf.condition(() => replans !== seen, wait))) continue; // settings changed: plan again
    const { date } = plan.next;
    let held = (await sendTeamDebrief({ teamId, date, now: Date.now() })).held;
    while (held.length > 0) {
      const until = Math.max(Math.min(...held.map((h) => h.until)), Date.now() + MIN_HOLD_MS);
      await wf.sleep(until - Date.now());
      const now = Date.now();
      const due = held.filter((h) => h.until <= now).map((h) => h.userId);
      const later = held.filter((h) => h.until > now);
      held = [...later, ...(await sendTeamDebrief({ teamId, date, now, userIds: due })).held];
    }
    cursor = plan.next.at;
    round++;
  }
  return wf.continueAsNew<typeof teamDebriefWorkflow>({ teamId, cursor });
}

import type { Client } from '@temporalio/client';
import { noticeWorkflowId, replanDebriefSignal, replanNoticesSignal, teamDebriefWorkflowId } from '../../workflows/notices.messages';
import type { scheduleNoticesWorkflow } from '../../workflows/schedule-notices.workflow';
import type { teamDebriefWorkflow } from '../../workflows/team-debrief.workflow';

/** Starts or wakes a schedule's notice workflow, and a team's debrief workflow. */
export interface NoticePlanner {
  replan(scheduleId: string): Promise<void>;
  /** At boot: makes sure every schedule has its notice workflow (a re-plan is harmless when it runs). */
  ensureAll(scheduleIds: () => Promise<string[]>): Promise<number>;
  /** A team was made or changed its debrief settings: start or wake its debrief workflow. */
  replanTeamDebrief(teamId: string): Promise<void>;
  /** At boot: makes sure every team has its debrief workflow. */
  ensureTeamDebriefs(teamIds: () => Promise<string[]>): Promise<number>;
}

export function createNoticePlanner({ client, taskQueue }: { client: Client; taskQueue: string }): NoticePlanner {
  return {
    async replan(scheduleId) {
      // Signal-with-start: one workflow per schedule, created by the first edit, woken by later ones.
      await client.workflow.signalWithStart<typeof scheduleNoticesWorkflow, []>('scheduleNoticesWorkflow', {
        workflowId: noticeWorkflowId(scheduleId),
        taskQueue,
        args: [{ scheduleId }],
        signal: replanNoticesSignal,
        signalArgs: [],
      });
    },
    async ensureAll(scheduleIds) {
      const ids = await scheduleIds();
      for (const id of ids) await this.replan(id);
      return ids.length;
    },
    async replanTeamDebrief(teamId) {
      await client.workflow.signalWithStart<typeof teamDebriefWorkflow, []>('teamDebriefWorkflow', {
        workflowId: teamDebriefWorkflowId(teamId),
        taskQueue,
        args: [{ teamId }],
        signal: replanDebriefSignal,
        signalArgs: [],
      });
    },
    async ensureTeamDebriefs(teamIds) {
      const ids = await teamIds();
      for (const id of ids) await this.replanTeamDebrief(id);
      return ids.length;
    },
  };
}

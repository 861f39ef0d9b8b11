import { defineSignal } from '@temporalio/workflow';

/** The schedule, an override, a swap or time off changed: plan the notices again. */
export const replanNoticesSignal = defineSignal('replanNotices');

export const noticeWorkflowId = (scheduleId: string) => `schedule-notices:${scheduleId}`;

/** A team changed when (or whether) its morning debrief goes out: plan it again. */
export const replanDebriefSignal = defineSignal('replanDebrief');

export const teamDebriefWorkflowId = (teamId: string) => `team-debrief:${teamId}`;

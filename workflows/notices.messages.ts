import { defineSignal } from '@temporalio/workflow';

/** The schedule, an override, a swap or time off changed: plan the notices again. */
export const replanNoticesSignal = defineSignal('replanNotices');

export const noticeWorkflowId = (scheduleId: string) => `schedule-notices:${scheduleId}`;

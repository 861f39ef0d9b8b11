export { alertWorkflow } from './alert.workflow';
export { scheduleNoticesWorkflow } from './schedule-notices.workflow';
export { alertEventWorkflow } from './alert-event.workflow';
export { runbookPageWorkflow } from './runbook-page.workflow';
export { teamDebriefWorkflow } from './team-debrief.workflow';

export { alertWorkflow } from './alert.workflow';
export { alertEventWorkflow } from './alert-event.workflow';

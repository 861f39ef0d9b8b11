export { alertWorkflow } from './alert.workflow';

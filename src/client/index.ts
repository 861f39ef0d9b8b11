export { createNightlineClient, NightlineApiError, ok } from './nightline.client';
export type { ApiErrorBody, NightlineClient, components, operations, paths } from './nightline.client';

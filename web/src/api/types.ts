import type { Schema } from './client';

/**
 * Names the pages use for response shapes, all taken from the OpenAPI document (src/client/nightline-api.types.ts,
 * `npm run gen:client`): a changed response schema is a compile error in the console.
 */
export type User = Schema<'User'>;
export type Channel = User['notificationPrefs']['channels'][number];
export type Schedule = Schema<'Schedule'>;
export type OnCall = Schema<'OnCall'>;
export type Shift = Schema<'Shift'>;
export type Alert = Schema<'Alert'>;
export type AlertDetail = Schema<'AlertDetail'>;
export type Severity = Alert['severity'];
export type AlertStatus = Alert['status'];
export type Policy = Schema<'EscalationPolicy'>;
export type Target = Policy['levels'][number]['targets'][number];
export type Service = Schema<'Service'>;
export type DevPhoneState = Schema<'DevPhoneState'>;
export type DevPhone = NonNullable<DevPhoneState['phones']>[number];

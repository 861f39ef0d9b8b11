/**
 * Response shapes of the endpoints the console uses. Stopgap: these mirror src/http (toAlertDto, describeShift,
 * toServiceDto...) until the client generated from /openapi.json (branch `openapi`) replaces this file.
 */
export interface Page<T> {
  data: T[];
  total: number;
  limit: number;
  offset: number;
}
export type Severity = 'critical' | 'high' | 'medium' | 'low';
export type AlertStatus = 'triggered' | 'acknowledged' | 'resolved';
export type Channel = 'phone_call' | 'sms' | 'email' | 'slack';

export interface User {
  id: string;
  name: string;
  email: string;
  phone: string;
  timezone?: string;
  notificationPrefs?: { channels: Channel[]; quietHours?: { start: string; end: string } };
}
export interface Member {
  userId: string;
}
export interface Layer {
  name?: string;
  rotationType: 'daily' | 'weekly' | 'custom';
  handoffTime: string;
  handoffDay?: number;
  periodDays?: number;
  startDate: string;
  members: Member[];
}
export interface Schedule extends Layer {
  id: string;
  name: string;
  timezone: string;
  layers?: Layer[];
  /** Path of the iCal subscription feed (carries its own read-only feed token). */
  calendarFeed?: string;
}
export interface OnCall {
  at: string;
  userId: string | null;
  name: string | null;
  phone: string | null;
  source: string;
  shiftStart: string | null;
  shiftEnd: string | null;
  reason?: string;
  holiday?: string;
  coveringFor?: string;
  overrideId?: string;
}
export interface Shift {
  userId: string | null;
  name: string | null;
  phone: string | null;
  start: string;
  end: string;
  source: string;
  gap: boolean;
  reason?: string;
  holiday?: string;
  coveringFor?: string;
  overrideId?: string;
}
export interface Shifts {
  from: string;
  to: string;
  data: Shift[];
}
export interface Alert {
  id: string;
  title: string;
  description: string;
  severity: Severity;
  source: string;
  escalationPolicyId: string;
  serviceId: string | null;
  status: AlertStatus;
  currentLevel: number;
  count: number;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
  createdAt: string;
}
export interface TimelineEntry {
  action: string;
  actor: string;
  timestamp: string;
  details: string | null;
}
export interface Attempt {
  key: string;
  level: number | 'owner';
  attempt: number;
  userId: string;
  channel: string;
  recipient: string;
  status: string;
  error?: string | null;
  createdAt: string;
}
export interface AlertDetail extends Alert {
  timeline: TimelineEntry[];
  notificationAttempts: Attempt[];
}
export interface Target {
  type: 'schedule' | 'user';
  id: string;
}
export interface Level {
  targets: Target[];
  delayMinutes: number;
  repeatCount: number;
  retryIntervalMinutes: number;
}
export interface Policy {
  id: string;
  name: string;
  description?: string;
  levels: Level[];
  repeat?: number;
}
export interface Service {
  id: string;
  name: string;
  description?: string;
  escalationPolicyId: string;
  routingKey: string;
}

export interface DevPhoneCall {
  sid: string;
  to: string;
  from: string;
  direction: string;
  status: string;
  answeredBy: string | null;
  at: string;
}
export interface DevPhoneMessage {
  sid: string;
  to: string;
  from: string;
  body: string;
  direction: string;
  status: string;
  at: string;
}
export interface DevPhone {
  number: string;
  name: string;
  calls: DevPhoneCall[];
  messages: DevPhoneMessage[];
}
export interface DevPhoneState {
  enabled: boolean;
  nightlineNumber?: string;
  nextCallChoices?: string[];
  phones?: DevPhone[];
}

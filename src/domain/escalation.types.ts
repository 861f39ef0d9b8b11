/**
 * Shapes shared by the escalation workflow, its activities and the alert engine. Plain data only:
 * these cross the Temporal boundary (JSON) and are frozen into the workflow input when an alert starts.
 */

export type Severity = 'critical' | 'high' | 'medium' | 'low';
export type AlertStatus = 'triggered' | 'acknowledged' | 'resolved';

export interface EscalationTarget {
  type: 'schedule' | 'user';
  id: string;
}

export interface EscalationLevel {
  targets: EscalationTarget[];
  /** Ack window after the level's last retry, before moving up a level. */
  delayMinutes: number;
  /** Retries after the first attempt (0 = page once). */
  repeatCount: number;
  retryIntervalMinutes: number;
}

/** The policy as it was when the alert started; later edits of the policy never reach a running alert. */
export interface EscalationPolicySnapshot {
  id?: string;
  levels: EscalationLevel[];
  /** Extra passes over the whole ladder after the first one. */
  repeat?: number;
  ownerUserId?: string | null;
}

export interface AlertInfo {
  alertId: string;
  title: string;
  description: string;
  severity: Severity;
  source: string;
  escalationPolicyId: string;
  serviceId?: string | null;
  dedupKey?: string | null;
  /** ISO instant. */
  createdAt: string;
}

export interface TimelineEntry {
  /** Deterministic, so a retried append never duplicates an entry. */
  key: string;
  action: string;
  actor: string;
  /** ISO instant. */
  timestamp: string;
  details?: string;
}

export type NotifyChannel = 'phone_call' | 'sms' | 'email' | 'slack';

/** Who acted and through what (api, phone, sms, pagerduty, alertmanager, ...). */
export interface Actor {
  by: string;
  via: string;
}

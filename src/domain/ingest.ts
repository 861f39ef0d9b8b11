import type { Severity } from './escalation.types';

/**
 * Ingestion from monitoring tools, as pure mapping: a PagerDuty Events API v2 event or an Alertmanager
 * notification becomes trigger / acknowledge / resolve events keyed by a dedup key.
 */

export type PdSeverity = 'critical' | 'error' | 'warning' | 'info';
export const PD_SEVERITIES = ['critical', 'error', 'warning', 'info'] as const;
export type PdEventAction = 'trigger' | 'acknowledge' | 'resolve';

const PD_TO_SEVERITY: Record<PdSeverity, Severity> = { critical: 'critical', error: 'high', warning: 'medium', info: 'low' };

export const pdSeverity = (s: PdSeverity): Severity => PD_TO_SEVERITY[s];

/** What the integration sent beyond the fields Nightline models; kept on the alert for the responder. */
export interface IngestDetails {
  integration: 'events-api-v2' | 'alertmanager';
  timestamp?: string;
  component?: string;
  group?: string;
  class?: string;
  customDetails?: unknown;
  links?: unknown[];
  images?: unknown[];
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  generatorURL?: string;
  fingerprint?: string;
  groupKey?: string;
}

export interface TriggerEvent {
  action: 'trigger';
  dedupKey: string;
  title: string;
  description: string;
  severity: Severity;
  source: string;
  details: IngestDetails;
}

export interface FollowUpEvent {
  action: 'acknowledge' | 'resolve';
  dedupKey: string;
  note?: string;
}

export type IngestEvent = TriggerEvent | FollowUpEvent;

export interface PdEvent {
  event_action: PdEventAction;
  dedup_key?: string;
  payload?: {
    summary: string;
    source: string;
    severity: PdSeverity;
    timestamp?: string;
    component?: string;
    group?: string;
    class?: string;
    custom_details?: unknown;
  };
  links?: unknown[];
  images?: unknown[];
}

/** `dedupKey` is the event's own key, or one the caller generated for a trigger that had none. */
export function fromPdEvent(e: PdEvent, dedupKey: string): IngestEvent {
  if (e.event_action !== 'trigger') return { action: e.event_action, dedupKey };
  const p = e.payload;
  if (!p) throw new Error('a trigger event needs a payload'); // the edge schema guarantees one
  const facts = [['component', p.component], ['group', p.group], ['class', p.class]].filter(([, v]) => v).map(([k, v]) => `${k}: ${v}`);
  const custom = typeof p.custom_details === 'string' ? p.custom_details : '';
  return {
    action: 'trigger',
    dedupKey,
    title: p.summary,
    description: [custom, ...facts].filter(Boolean).join('\n'),
    severity: pdSeverity(p.severity),
    source: p.source,
    details: strip({
      integration: 'events-api-v2',
      timestamp: p.timestamp,
      component: p.component,
      group: p.group,
      class: p.class,
      customDetails: p.custom_details,
      links: e.links,
      images: e.images,
    }),
  };
}

const SEVERITY_WORDS: Record<string, Severity> = {
  critical: 'critical', crit: 'critical', fatal: 'critical', emergency: 'critical', page: 'critical', p1: 'critical', sev1: 'critical',
  high: 'high', error: 'high', err: 'high', major: 'high', p2: 'high', sev2: 'high',
  medium: 'medium', warning: 'medium', warn: 'medium', minor: 'medium', moderate: 'medium', p3: 'medium', sev3: 'medium',
  low: 'low', info: 'low', informational: 'low', notice: 'low', none: 'low', debug: 'low', p4: 'low', p5: 'low', sev4: 'low',
};

/** Alertmanager severities are free text; anything unknown pages as high rather than being lost. */
export function alertmanagerSeverity(label: string | undefined): Severity {
  return SEVERITY_WORDS[(label ?? '').trim().toLowerCase()] ?? 'high';
}

export interface AmAlert {
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt?: string;
  endsAt?: string;
  generatorURL?: string;
  fingerprint: string;
}

export interface AmNotification {
  groupKey?: string;
  receiver?: string;
  externalURL?: string;
  alerts: AmAlert[];
}

/** Each alert is keyed by its fingerprint: firing ones trigger (or fold into the open alert), resolved ones resolve. */
export function fromAlertmanager(n: AmNotification): IngestEvent[] {
  return n.alerts.map((a): IngestEvent => {
    const dedupKey = alertmanagerDedupKey(a.fingerprint);
    if (a.status === 'resolved') return { action: 'resolve', dedupKey, note: `resolved in Alertmanager${a.endsAt ? ` at ${a.endsAt}` : ''}` };
    const { labels: l, annotations: an } = a;
    const body = an.description || an.message || '';
    const labelLine = Object.keys(l).sort().map((k) => `${k}=${l[k]}`).join(', ');
    return {
      action: 'trigger',
      dedupKey,
      title: (an.summary || an.title || l.alertname || 'Alertmanager alert').slice(0, 1024),
      description: [body, labelLine && `labels: ${labelLine}`].filter(Boolean).join('\n'),
      severity: alertmanagerSeverity(l.severity ?? l.priority),
      source: l.instance || l.job || l.service || 'alertmanager',
      details: strip({
        integration: 'alertmanager',
        timestamp: a.startsAt,
        labels: l,
        annotations: an,
        generatorURL: a.generatorURL,
        fingerprint: a.fingerprint,
        groupKey: n.groupKey,
      }),
    };
  });
}

export const alertmanagerDedupKey = (fingerprint: string) => `alertmanager:${fingerprint}`;

function strip<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '')) as T;
}

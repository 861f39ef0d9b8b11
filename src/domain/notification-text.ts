import type { Severity } from './escalation.types';

/** Page texts, kept to one SMS segment (160 GSM-7 characters) where the title allows. */

const SEGMENT = 160;

export interface PageTextInput {
  alertRef: string;
  severity: Severity;
  title: string;
  source: string;
}

export function pageSmsText(a: PageTextInput): string {
  const tail = ' Reply 1 ack, 3 resolve, 2 escalate';
  const head = `Nightline #${a.alertRef} ${a.severity.toUpperCase()}: `;
  const source = a.source ? ` (${a.source})` : '';
  const room = SEGMENT - head.length - tail.length - source.length - 1;
  return `${head}${clip(a.title, Math.max(room, 20))}${source}.${tail}`;
}

export function ownerExhaustedSmsText(a: PageTextInput): string {
  const head = `Nightline #${a.alertRef} ${a.severity.toUpperCase()}: nobody acknowledged `;
  const tail = '. Escalation exhausted; the alert stays open.';
  return `${head}${clip(a.title, Math.max(SEGMENT - head.length - tail.length, 20))}${tail}`;
}

/** Short reference for texts: the last 6 characters of the alert ID. */
export const alertRef = (alertId: string) => alertId.slice(-6);

function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 3)}...`;
}

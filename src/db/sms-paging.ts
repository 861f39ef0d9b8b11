import type { Connection } from 'mongoose';
import { alertRef } from '../domain/notification-text';
import { createSmsOptOutRepository } from './sms-opt-out.repository';
import { createSmsPageCodeRepository } from './sms-page-code.repository';

/** What the notify activity asks before texting someone: have they opted out, and what is their code. */
export interface SmsPaging {
  isOptedOut(phone: string): Promise<boolean>;
  /** The page text with the alert reference replaced by the recipient's own short code. */
  personalise(req: { alertId: string; person: { id: string }; text: string }): Promise<string>;
  /** The person's reply code for an alert (a bundle text lists one per alert). */
  codeFor(userId: string, alertId: string): Promise<number>;
}

export function createSmsPaging(conn: Connection): SmsPaging {
  const optOuts = createSmsOptOutRepository(conn);
  const codes = createSmsPageCodeRepository(conn);
  return {
    isOptedOut: (phone) => optOuts.isOptedOut(phone),
    codeFor: (userId, alertId) => codes.codeFor(userId, alertId),
    async personalise(req) {
      const code = await codes.codeFor(req.person.id, req.alertId);
      return toGsm7(req.text.replace(`#${alertRef(req.alertId)}`, `#${code}`));
    },
  };
}

/** Typographic characters outside GSM-7 force UCS-2 (70 characters a segment); plain ones keep one segment. */
const GSM_LOOKALIKES: Array<[RegExp, string]> = [
  [/[\u2012-\u2015]/g, '-'],
  [/\u2026/g, '...'],
  [/[\u2018\u2019\u201a\u2032]/g, "'"],
  [/[\u201c\u201d\u201e\u2033]/g, '"'],
  [/\u00a0/g, ' '],
];

export function toGsm7(text: string): string {
  return GSM_LOOKALIKES.reduce((s, [re, plain]) => s.replace(re, plain), text);
}

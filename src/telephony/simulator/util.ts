import { randomBytes } from 'node:crypto';

/** Twilio SIDs: two-letter prefix + 32 hex digits (34 chars). */
export function newSid(prefix: 'CA' | 'SM' | 'RE' | 'TR' | 'PN'): string {
  return prefix + randomBytes(16).toString('hex');
}

export const isE164 = (n: string | undefined): n is string => !!n && /^\+[1-9]\d{6,14}$/.test(n);

/** Twilio's date format: RFC 2822, e.g. "Wed, 19 Sep 2018 20:00:00 +0000". */
export function rfc2822(d: Date | null): string | null {
  return d ? d.toUTCString().replace('GMT', '+0000') : null;
}

const GSM7 =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM7_EXT = '^{}\\[~]|€\f';

/** SMS segments as carriers count them: GSM-7 160/153 chars, otherwise UCS-2 70/67. */
export function smsSegments(body: string): number {
  const chars = [...body];
  const gsm = chars.every((c) => GSM7.includes(c) || GSM7_EXT.includes(c));
  const units = gsm ? chars.reduce((n, c) => n + (GSM7_EXT.includes(c) ? 2 : 1), 0) : body.length;
  const [single, multi] = gsm ? [160, 153] : [70, 67];
  if (units <= single) return 1;
  return Math.ceil(units / multi);
}

/** Resolves a TwiML URL attribute against the document it came from; null if it cannot be resolved. */
export function resolveUrl(ref: string, docUrl: string | null): string | null {
  try {
    return new URL(ref, docUrl ?? undefined).toString();
  } catch {
    return null;
  }
}

export function asMethod(m: string | undefined, fallback: 'GET' | 'POST' = 'POST'): 'GET' | 'POST' {
  const up = m?.toUpperCase();
  return up === 'GET' || up === 'POST' ? up : fallback;
}

/** Roughly how long text-to-speech takes to say `text`. */
export function speechSeconds(text: string): number {
  const words = text.trim().split(/\s+/).filter(Boolean).length;
  return Math.max(1, Math.ceil(words / 2.5));
}

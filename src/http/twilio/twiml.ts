import type { Response } from 'express';
import twilio from 'twilio';

/** TwiML helpers shared by the webhook routes; documents are built with the SDK's builders (they escape). */

export const VoiceResponse = twilio.twiml.VoiceResponse;
export type VoiceResponse = InstanceType<typeof twilio.twiml.VoiceResponse>;

export function sendTwiml(res: Response, xml: string): void {
  res.status(200).type('text/xml').send(xml);
}

/** An empty <Response/>: "nothing to do", the right answer to status callbacks and replayed messages. */
export const emptyTwiml = (): string => new twilio.twiml.MessagingResponse().toString();

/** A reply SMS to the sender of an inbound message. */
export function messageTwiml(body: string): string {
  const r = new twilio.twiml.MessagingResponse();
  r.message(body);
  return r.toString();
}

/** Spoken text then hang up. */
export function sayAndHangUp(...lines: string[]): string {
  const r = new VoiceResponse();
  for (const line of lines) r.say(line);
  r.hangup();
  return r.toString();
}

/** Absolute webhook URL under PUBLIC_URL: Twilio signs and requests exactly this. */
export function hookUrl(publicUrl: string, path: string, query: Record<string, string | number>): string {
  const qs = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString();
  return `${publicUrl.replace(/\/+$/, '')}/twilio${path}${qs ? `?${qs}` : ''}`;
}

/** A form field Twilio sent, as a plain string ('' when absent or repeated oddly). */
export function field(body: unknown, name: string): string {
  const v = (body as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? v : '';
}

/** A query parameter as a plain string. */
export function queryParam(query: unknown, name: string): string {
  const v = (query as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? v : '';
}

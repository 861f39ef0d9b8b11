import type { Severity } from './escalation.types';

/** What the after-hours line says, and how an unanswered call reads as an alert. Pure text. */

export const defaultGreeting = (lineName: string) => `You have reached ${lineName}. Our office is closed.`;
export const EMERGENCY_PROMPT = 'If this is an emergency, press 1. To leave a message for the morning, press 2.';
export const REASON_PROMPT = 'After the tone, please say briefly why you are calling, then press the pound key.';
export const CONNECTING = 'Connecting you to the engineer on call. Please hold.';
export const CONNECTING_NEXT = 'Sorry, they did not answer. Trying the next engineer. Please hold.';
export const VOICEMAIL_PROMPT =
  'Sorry, nobody could take your call. Please leave a message with your name and number after the tone, then press the pound key or hang up.';
export const VOICEMAIL_THANKS = 'Thank you. Your message has been passed to the engineer on call. Goodbye.';
export const NO_MESSAGE_GOODBYE = 'We did not get a message, but the engineer on call has been alerted to your call. Goodbye.';
export const NOT_IN_SERVICE = 'Sorry, this number is not in service. Goodbye.';
export const SCREEN_ACCEPTED = 'Connecting you now.';

/** Digits one by one, so text-to-speech reads a phone number as a phone number. */
const spokenNumber = (n: string) => n.replace(/\D/g, '').split('').join(' ');

/** Played to the person rung before the caller is put through: only a keypress proves a human took it. */
export function screenPrompt(caller: string, lineName: string): string {
  const from = spokenNumber(caller) || 'an unknown number';
  return `Nightline after-hours call from ${from} for ${lineName}. Press 1 to accept.`;
}

/** Whether the caller said it is an emergency: yes (1), no (another key), or not asked / no answer. */
export type Urgency = boolean | null;

export function inboundSeverity(emergency: Urgency): Severity {
  if (emergency === true) return 'critical';
  return emergency === false ? 'medium' : 'high';
}

export interface InboundCallFacts {
  lineName: string;
  caller: string;
  /** The person the line's schedule had on call, when there was one. */
  onCall: string | null;
  voicemail: boolean;
  transcription?: string | null;
}

/**
 * NightDesk-style: `Voicemail — Acme Manufacturing. Caller: +15551234567. On-call: Alice`, with the first words
 * of a transcription last (so the SMS page clips those rather than the caller or the on-call name).
 */
export function inboundAlertTitle(f: InboundCallFacts): string {
  const what = f.voicemail ? 'Voicemail' : 'Missed call';
  const said = f.transcription?.trim() ? ` "${clip(f.transcription.trim(), 60)}"` : '';
  return `${what} — ${f.lineName}. Caller: ${f.caller || 'unknown'}. On-call: ${f.onCall ?? 'nobody'}.${said}`;
}

export function inboundAlertDescription(f: InboundCallFacts & { recordingUrl?: string | null; reasonUrl?: string | null }): string {
  return [
    `Caller ${f.caller || 'unknown'} called ${f.lineName}; nobody answered.`,
    `On call: ${f.onCall ?? 'nobody'}.`,
    f.recordingUrl ? `Voicemail: ${f.recordingUrl}` : 'No voicemail was left.',
    f.transcription ? `Transcription: ${f.transcription}` : '',
    f.reasonUrl ? `Reason given: ${f.reasonUrl}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

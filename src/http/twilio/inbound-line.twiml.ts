import type { PhoneLine } from '../../db/phone-line.repository';
import {
  CONNECTING,
  CONNECTING_NEXT,
  EMERGENCY_PROMPT,
  REASON_PROMPT,
  SCREEN_ACCEPTED,
  VOICEMAIL_PROMPT,
  defaultGreeting,
  screenPrompt,
} from '../../domain/twiml-inbound-text';
import { hookUrl, VoiceResponse } from './twiml';

/** Longest reason and voicemail recordings (seconds). */
export const REASON_MAX_SECONDS = 30;
export const VOICEMAIL_MAX_SECONDS = 180;
const EMERGENCY_TIMEOUT_SECONDS = 6;
const SILENCE_SECONDS = 5;
/** How long the person rung has to press 1 once the prompt ends. */
const SCREEN_TIMEOUT_SECONDS = 8;

/**
 * The after-hours call is a one-way walk: greeting → (emergency question) → (reason) → ring hop 0, 1, ...
 * → voicemail → goodbye. Every step links only forward, so a call can neither loop nor strand the caller.
 */
export class InboundSteps {
  constructor(
    private readonly publicUrl: string,
    private readonly line: Pick<PhoneLine, 'id' | 'name' | 'greeting' | 'emergencyPrompt' | 'recordReason' | 'ringTimeoutSeconds'> & { runbookId?: string | null },
  ) {}

  url(step: string, extra: Record<string, string | number> = {}): string {
    return hookUrl(this.publicUrl, `/voice/incoming/${step}`, { line: this.line.id, ...extra });
  }

  /** After the greeting (and an emergency): the runbook's menu, the recorded reason, or ringing. */
  firstStep(): string {
    return this.url(this.line.runbookId ? 'runbook-menu' : this.line.recordReason ? 'reason-prompt' : 'ring', { hop: 0 });
  }

  /** The greeting, then the emergency question, the reason, or straight to ringing. */
  entry(): string {
    const r = new VoiceResponse();
    const greeting = this.line.greeting?.trim() || defaultGreeting(this.line.name);
    if (this.line.emergencyPrompt) {
      const g = r.gather({ input: ['dtmf'], numDigits: 1, action: this.url('emergency'), method: 'POST', timeout: EMERGENCY_TIMEOUT_SECONDS });
      g.say(greeting);
      g.say(EMERGENCY_PROMPT);
      // No key pressed: treat the call as urgent rather than strand someone who cannot press keys.
      r.redirect({ method: 'POST' }, this.firstStep());
      return r.toString();
    }
    r.say(greeting);
    r.redirect({ method: 'POST' }, this.firstStep());
    return r.toString();
  }

  /** Asks for a short reason; silence goes straight on to ringing. */
  reason(): string {
    const r = new VoiceResponse();
    r.say(REASON_PROMPT);
    r.record({ action: this.url('reason'), method: 'POST', maxLength: REASON_MAX_SECONDS, timeout: SILENCE_SECONDS, finishOnKey: '#', playBeep: true });
    r.redirect({ method: 'POST' }, this.url('ring', { hop: 0 }));
    return r.toString();
  }

  /**
   * Rings one person, screened: their voicemail picking up would count as answered, so the call is put
   * through only after they press 1 (see screen()). The Dial's action learns how it went and moves on.
   */
  ring(hop: number, phone: string): string {
    const r = new VoiceResponse();
    r.say(hop === 0 ? CONNECTING : CONNECTING_NEXT);
    const d = r.dial({ timeout: this.line.ringTimeoutSeconds, action: this.url('dialed', { hop }), method: 'POST', answerOnBridge: true });
    d.number({ url: this.url('screen', { hop }), method: 'POST' }, phone);
    return r.toString();
  }

  /**
   * Played to the person who picked up, before the caller is put through. Any answer, a keypress or
   * silence, goes to screen-choice; the <Hangup/> after it only guards against a lost webhook.
   */
  screen(hop: number, caller: string): string {
    const r = new VoiceResponse();
    const g = r.gather({ input: ['dtmf'], numDigits: 1, timeout: SCREEN_TIMEOUT_SECONDS, action: this.url('screen-choice', { hop }), method: 'POST', actionOnEmptyResult: true });
    g.say(screenPrompt(caller, this.line.name));
    r.hangup();
    return r.toString();
  }

  /** The person pressed 1: ending the screening TwiML without hanging up is what bridges the calls. */
  screenAccepted(): string {
    const r = new VoiceResponse();
    r.say(SCREEN_ACCEPTED);
    return r.toString();
  }

  /** The last stop: a recorded, transcribed message; silence ends at "no message". */
  voicemail(prefix?: string): string {
    const r = new VoiceResponse();
    if (prefix) r.say(prefix);
    r.say(VOICEMAIL_PROMPT);
    r.record({
      action: this.url('voicemail'),
      method: 'POST',
      maxLength: VOICEMAIL_MAX_SECONDS,
      timeout: SILENCE_SECONDS,
      finishOnKey: '#',
      playBeep: true,
      transcribe: true,
      transcribeCallback: this.url('transcription'),
    });
    r.redirect({ method: 'POST' }, this.url('no-message'));
    return r.toString();
  }
}

/** Shapes shared by the simulator's parts and visible to tests. */

export type AnsweredBy =
  | 'human'
  | 'machine_start'
  | 'machine_end_beep'
  | 'machine_end_silence'
  | 'machine_end_other'
  | 'fax'
  | 'unknown';

/** What happens when a phone is rung: someone/something answers, or it doesn't. */
export type CallOutcome = AnsweredBy | 'no-answer' | 'busy' | 'failed';

export type CallStatus =
  'queued' | 'ringing' | 'in-progress' | 'completed' | 'busy' | 'failed' | 'no-answer' | 'canceled';
export const TERMINAL_CALL_STATUSES: readonly CallStatus[] = [
  'completed',
  'busy',
  'failed',
  'no-answer',
  'canceled',
];

export type SmsFate = 'delivered' | 'undelivered' | 'failed';
export type MessageStatus = 'queued' | 'sent' | 'delivered' | 'undelivered' | 'failed' | 'received';
export const TERMINAL_MESSAGE_STATUSES: readonly MessageStatus[] = [
  'delivered',
  'undelivered',
  'failed',
  'received',
];

/**
 * How the person (or machine) behind a phone number behaves on one call. Every field is optional;
 * seconds are simulated seconds (see SimTiming.msPerSimSecond).
 */
export interface PhoneBehaviour {
  /** Default 'human' once a behaviour is scripted; unscripted phones ring out. */
  answer?: CallOutcome;
  /** Ringing time before answering (default 3). Longer than the call's timeout means no-answer. */
  ringSeconds?: number;
  /** One entry per <Gather>, in order: keys pressed ('1', '42#'); null or '' = no input. */
  pressDigits?: Array<string | null>;
  /**
   * One entry per <Gather>, in the same order as pressDigits: a phrase the party says ('server down').
   * At a <Gather input="speech ..."> it is posted as SpeechResult (Confidence 0.9) instead of keys.
   */
  say?: Array<string | null>;
  /** What the party does at every <Record>; without it they stay silent and nothing is recorded. */
  record?: { seconds?: number; transcription?: string; endWith?: 'silence' | 'hangup' | string };
  /** The party hangs up this many seconds after answering (default: never; 20 when bridged by <Dial>). */
  hangUpAfterSeconds?: number;
  /** Fate of SMS sent to this number (default delivered). */
  sms?: SmsFate;
  /** Twilio error code the Messages API answers with for this number (e.g. 21610, 21614). */
  smsApiError?: number;
  /** Twilio error code the Calls API answers with for this number (e.g. 21215). */
  callApiError?: number;
}

/** Like Twilio's IncomingPhoneNumber: where Twilio sends calls and SMS for a number Nightline owns. */
export interface NumberConfig {
  voiceUrl?: string;
  voiceMethod?: 'GET' | 'POST';
  smsUrl?: string;
  smsMethod?: 'GET' | 'POST';
  statusCallback?: string;
}

export interface SimTiming {
  /** Real milliseconds per simulated second: 0 (default) runs calls as fast as the event loop allows. */
  msPerSimSecond?: number;
  /** Outbound API calls started per second, like Twilio's CPS queue (default unlimited). */
  callsPerSecond?: number;
  /** How long to wait for a webhook to answer (default 15000, Twilio's limit). */
  webhookTimeoutMs?: number;
}

export type Params = Record<string, string>;

/** `at`: wall-clock ms; `simTime`: simulated seconds since the call was created. */
export type CallEvent = { at: number; simTime: number } & (
  | { type: 'status'; status: CallStatus }
  | { type: 'twiml'; url: string | null; xml: string }
  | { type: 'amd'; answeredBy: AnsweredBy }
  | { type: 'say'; text: string }
  | { type: 'play'; url?: string; digits?: string }
  | { type: 'pause'; seconds: number }
  | { type: 'gather'; digits: string | null; action: string | null; speech?: string }
  /** `screened`: how a `<Number url>` screening of the callee ended, when there was one. */
  | {
      type: 'dial';
      numbers: string[];
      result: string;
      childCallSid?: string;
      duration: number;
      screened?: 'accepted' | 'declined';
    }
  /** Without recordingSid the party stayed silent and nothing was recorded. */
  | { type: 'record'; recordingSid?: string; recordingUrl?: string; duration: number; transcription?: string }
  | { type: 'redirect'; url: string }
  | { type: 'sms'; messageSid: string; to: string; body: string }
  | { type: 'hangup'; by: 'twiml' | 'party' | 'api' }
  | { type: 'reject'; reason: string }
  | { type: 'error'; code?: number; message: string }
);
/** A CallEvent without the fields the recorder stamps on. */
export type CallEventInput = CallEvent extends infer E
  ? E extends CallEvent
    ? Omit<E, 'at' | 'simTime'>
    : never
  : never;

export type CallDirection = 'outbound-api' | 'inbound' | 'outbound-dial';

export interface SimCall {
  sid: string;
  accountSid: string;
  to: string;
  from: string;
  direction: CallDirection;
  parentCallSid: string | null;
  status: CallStatus;
  answeredBy: AnsweredBy | null;
  dateCreated: Date;
  dateUpdated: Date;
  startTime: Date | null;
  endTime: Date | null;
  /** Simulated seconds from answer to hang-up. */
  duration: number | null;
  /** The create request as Twilio understood it. */
  request: {
    url?: string;
    method: 'GET' | 'POST';
    twiml?: string;
    statusCallback?: string;
    statusCallbackMethod: 'GET' | 'POST';
    statusCallbackEvents: string[];
    machineDetection?: string;
    asyncAmd: boolean;
    asyncAmdStatusCallback?: string;
    timeout: number;
  };
  events: CallEvent[];
  /** True once the call's lifecycle is over and its final status callback has been answered. */
  finished: boolean;
}

export interface SimMessage {
  sid: string;
  accountSid: string;
  to: string;
  from: string;
  body: string;
  numSegments: number;
  direction: 'outbound-api' | 'outbound-reply' | 'outbound-call' | 'inbound';
  status: MessageStatus;
  errorCode: number | null;
  statusCallback?: string;
  dateCreated: Date;
  dateUpdated: Date;
  dateSent: Date | null;
  statusHistory: MessageStatus[];
  /** True once the final status is reached and its status callback has been answered. */
  finished: boolean;
}

export type WebhookKind =
  | 'call-status'
  | 'voice-twiml'
  | 'amd-status'
  | 'transcription'
  | 'recording-status'
  | 'sms-status'
  | 'incoming-sms';

export interface WebhookRecord {
  at: number;
  kind: WebhookKind;
  method: 'GET' | 'POST';
  /** The exact URL requested (for GET, with the parameters in the query string). */
  url: string;
  params: Params;
  signature: string;
  /** null when no HTTP answer came back (refused, timed out). */
  responseStatus: number | null;
  responseBody: string;
  error?: string;
  callSid?: string;
  messageSid?: string;
}

export interface RestRequestRecord {
  at: number;
  method: string;
  path: string;
  params: Record<string, string | string[]>;
  status: number;
  /** Twilio error code when the answer was an error. */
  errorCode?: number;
}

export interface SimRecording {
  sid: string;
  callSid: string;
  duration: number;
  url: string;
  dateCreated: Date;
}

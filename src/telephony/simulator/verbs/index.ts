import { hangup, pause, play, redirect, reject, say, sms } from './basic.verbs';
import { dial } from './dial.verb';
import { gather } from './gather.verb';
import { record } from './record.verb';
import type { VerbHandler } from './result';

/** The voice verbs the simulator understands; anything else is logged and skipped. */
export const VOICE_VERBS: Readonly<Record<string, VerbHandler>> = {
  Say: say,
  Play: play,
  Pause: pause,
  Gather: gather,
  Dial: dial,
  Record: record,
  Redirect: redirect,
  Hangup: hangup,
  Reject: reject,
  Sms: sms,
  Message: sms,
};

import { accountPath, API_VERSION, type SimContext } from './context';
import type { SimCall, SimMessage, SimRecording } from './types';
import { rfc2822 } from './util';

/** Twilio REST error codes the simulator answers with, and their HTTP status and message. */
const ERRORS: Record<number, [status: number, message: (arg: string) => string]> = {
  20001: [400, (a) => `Invalid parameter: ${a}`],
  20003: [401, () => 'Authenticate'],
  20404: [404, (a) => `The requested resource ${a} was not found`],
  20429: [429, () => 'Too Many Requests'],
  20500: [500, () => 'An internal server error has occurred'],
  20503: [503, () => 'Service is unavailable. Please try again'],
  21205: [400, (a) => `Url is not a valid URL: ${a}`],
  21211: [400, (a) => `Invalid 'To' Phone Number: ${a}`],
  21212: [400, (a) => `Invalid 'From' Phone Number: ${a}`],
  21215: [
    400,
    (a) => `Account not authorized to call ${a}. Perhaps you need to enable some international permissions`,
  ],
  21220: [400, () => 'Call is not in-progress. Cannot redirect.'],
  21602: [400, () => 'Message body is required.'],
  21603: [400, () => "A 'From' phone number is required."],
  21604: [400, () => "A 'To' phone number is required."],
  21610: [400, () => 'Attempt to send to unsubscribed recipient'],
  21612: [
    400,
    (a) => `The 'To' phone number: ${a}, is not currently reachable using the 'From' phone number via SMS.`,
  ],
  21614: [400, (a) => `'To' number ${a} is not a valid mobile number`],
  21617: [400, () => 'The concatenated message body exceeds the 1600 character limit.'],
};

export interface TwilioErrorBody {
  code: number;
  message: string;
  more_info: string;
  status: number;
}

/** Twilio's REST error shape; unknown codes become 400s. */
export function twilioError(code: number, arg = ''): TwilioErrorBody {
  const [status, message] = ERRORS[code] ?? [400, () => `Twilio error ${code}`];
  return { code, message: message(arg), more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

export function callJson(ctx: SimContext, c: SimCall) {
  const base = `${accountPath(ctx)}/Calls/${c.sid}`;
  return {
    sid: c.sid,
    date_created: rfc2822(c.dateCreated),
    date_updated: rfc2822(c.dateUpdated),
    parent_call_sid: c.parentCallSid,
    account_sid: c.accountSid,
    to: c.to,
    to_formatted: c.to,
    from: c.from,
    from_formatted: c.from,
    phone_number_sid: null,
    status: c.status,
    start_time: rfc2822(c.startTime),
    end_time: rfc2822(c.endTime),
    duration: c.duration === null ? null : String(c.duration),
    price: null,
    price_unit: 'USD',
    direction: c.direction,
    answered_by: c.answeredBy,
    api_version: API_VERSION,
    forwarded_from: null,
    group_sid: null,
    caller_name: null,
    queue_time: '0',
    trunk_sid: null,
    uri: `${base}.json`,
    subresource_uris: {
      notifications: `${base}/Notifications.json`,
      recordings: `${base}/Recordings.json`,
      events: `${base}/Events.json`,
    },
  };
}

export function messageJson(ctx: SimContext, m: SimMessage) {
  const base = `${accountPath(ctx)}/Messages/${m.sid}`;
  return {
    body: m.body,
    num_segments: String(m.numSegments),
    direction: m.direction,
    from: m.from,
    to: m.to,
    date_updated: rfc2822(m.dateUpdated),
    price: null,
    error_message: null,
    uri: `${base}.json`,
    account_sid: m.accountSid,
    num_media: '0',
    status: m.status,
    messaging_service_sid: null,
    sid: m.sid,
    date_sent: rfc2822(m.dateSent),
    date_created: rfc2822(m.dateCreated),
    error_code: m.errorCode,
    price_unit: 'USD',
    api_version: API_VERSION,
    subresource_uris: { media: `${base}/Media.json` },
  };
}

export function recordingJson(ctx: SimContext, r: SimRecording) {
  return {
    sid: r.sid,
    account_sid: ctx.accountSid,
    call_sid: r.callSid,
    duration: String(r.duration),
    status: 'completed',
    channels: 1,
    source: 'RecordVerb',
    date_created: rfc2822(r.dateCreated),
    api_version: API_VERSION,
    uri: `${accountPath(ctx)}/Recordings/${r.sid}.json`,
  };
}

/** A Twilio 2010-04-01 list page: the items under `key` plus paging metadata. */
export function pageJson<T>(key: string, all: T[], path: string, page: number, pageSize: number) {
  const start = page * pageSize;
  const items = all.slice(start, start + pageSize);
  const uriFor = (p: number) => `${path}?PageSize=${pageSize}&Page=${p}`;
  return {
    [key]: items,
    start,
    end: start + Math.max(0, items.length - 1),
    page,
    page_size: pageSize,
    uri: uriFor(page),
    first_page_uri: uriFor(0),
    next_page_uri: start + pageSize < all.length ? uriFor(page + 1) : null,
    previous_page_uri: page > 0 ? uriFor(page - 1) : null,
  };
}

/** A short silent 8 kHz mono WAV, so recording URLs can be fetched. */
export function silentWav(seconds: number): Buffer {
  const samples = Math.round(8000 * Math.min(Math.max(seconds, 0.1), 1));
  const buf = Buffer.alloc(44 + samples, 0x80);
  buf.write('RIFF', 0);
  buf.writeUInt32LE(36 + samples, 4);
  buf.write('WAVEfmt ', 8);
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20);
  buf.writeUInt16LE(1, 22);
  buf.writeUInt32LE(8000, 24);
  buf.writeUInt32LE(8000, 28);
  buf.writeUInt16LE(1, 32);
  buf.writeUInt16LE(8, 34);
  buf.write('data', 36);
  buf.writeUInt32LE(samples, 40);
  return buf;
}

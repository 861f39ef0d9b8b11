import type { CallUpdate, CreateCallInput } from './call-engine';
import type { OutboundSms, SimContext } from './context';
import { asMethod, isE164 } from './util';

export type Form = Record<string, string | string[] | undefined>;
export type Parsed<T> = { value: T } | { error: number; arg?: string };

const one = (f: Form, k: string): string | undefined => {
  const v = f[k];
  return Array.isArray(v) ? v[0] : v;
};

/** Repeated form fields (StatusCallbackEvent=a&StatusCallbackEvent=b), also tolerating "a b". */
const many = (f: Form, k: string): string[] => {
  const v = f[k];
  return (v === undefined ? [] : Array.isArray(v) ? v : [v])
    .flatMap((s) => s.split(/[\s,]+/))
    .filter(Boolean);
};

const isHttpUrl = (u: string): boolean => {
  try {
    return ['http:', 'https:'].includes(new URL(u).protocol);
  } catch {
    return false;
  }
};

/** Alphanumeric sender IDs are legal SMS senders besides E.164 numbers. */
const isSender = (s: string): boolean => isE164(s) || /^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/.test(s);

/** Validates POST Calls.json the way Twilio does, in the same order of precedence. */
export function parseCallCreate(ctx: SimContext, f: Form): Parsed<CreateCallInput> {
  const to = one(f, 'To');
  const from = one(f, 'From');
  const url = one(f, 'Url');
  const twiml = one(f, 'Twiml');
  if (!to) return { error: 21604 };
  if (!isE164(to)) return { error: 21211, arg: to };
  if (!from) return { error: 21603 };
  if (!isE164(from)) return { error: 21212, arg: from };
  if (!url && !twiml) return { error: 21205, arg: '(none given)' };
  if (url && !isHttpUrl(url)) return { error: 21205, arg: url };
  for (const k of ['StatusCallback', 'AsyncAmdStatusCallback']) {
    const u = one(f, k);
    if (u && !isHttpUrl(u)) return { error: 21205, arg: u };
  }
  const apiError = ctx.phones.peek(to).callApiError;
  if (apiError) return { error: apiError, arg: to };
  const timeout = Number(one(f, 'Timeout') ?? 60);
  if (!Number.isInteger(timeout) || timeout < 1 || timeout > 600) return { error: 20001, arg: 'Timeout' };
  const machineDetection = one(f, 'MachineDetection');
  if (machineDetection && !['Enable', 'DetectMessageEnd'].includes(machineDetection)) {
    return { error: 20001, arg: 'MachineDetection' };
  }
  return {
    value: {
      to,
      from,
      url,
      twiml,
      method: asMethod(one(f, 'Method')),
      statusCallback: one(f, 'StatusCallback'),
      statusCallbackMethod: asMethod(one(f, 'StatusCallbackMethod')),
      statusCallbackEvents: many(f, 'StatusCallbackEvent'),
      machineDetection,
      asyncAmd: one(f, 'AsyncAmd') === 'true',
      asyncAmdStatusCallback: one(f, 'AsyncAmdStatusCallback'),
      timeout,
    },
  };
}

export function parseCallUpdate(f: Form): Parsed<CallUpdate> {
  const status = one(f, 'Status');
  if (status !== undefined && status !== 'completed' && status !== 'canceled')
    return { error: 20001, arg: 'Status' };
  const url = one(f, 'Url');
  if (url && !isHttpUrl(url)) return { error: 21205, arg: url };
  return { value: { status, url, twiml: one(f, 'Twiml'), method: asMethod(one(f, 'Method')) } };
}

export function parseMessageCreate(ctx: SimContext, f: Form): Parsed<Omit<OutboundSms, 'direction'>> {
  const to = one(f, 'To');
  const from = one(f, 'From') ?? (one(f, 'MessagingServiceSid') ? 'MessagingService' : undefined);
  const body = one(f, 'Body');
  const statusCallback = one(f, 'StatusCallback');
  if (!to) return { error: 21604 };
  if (!isE164(to)) return { error: 21211, arg: to };
  if (!from) return { error: 21603 };
  if (!isSender(from)) return { error: 21212, arg: from };
  if (!body) return { error: 21602 };
  if ([...body].length > 1600) return { error: 21617 };
  if (statusCallback && !isHttpUrl(statusCallback)) return { error: 21205, arg: statusCallback };
  const apiError = ctx.phones.peek(to).smsApiError;
  if (apiError) return { error: apiError, arg: to };
  return { value: { to, from, body, statusCallback } };
}

import { Router } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../app';
import { AppError, notFound } from '../errors';
import { parseInput } from '../validation/parse';
import { phoneE164 } from '../validation/common';
import { listUsers } from '../../db/user.repository';
import { getPhoneLine } from '../../db/phone-line.repository';

/**
 * The console's dev phone: a thin proxy to the built-in Twilio simulator's `/_sim` control API, so a newcomer
 * can live the paging loop in the browser. Only the loopback simulator is ever proxied: against real Twilio
 * (or a simulator elsewhere) every route answers 404 and GET says `enabled: false`.
 */

/** The caller ID of a dev-phone call to a phone line unless another is given: a customer's phone. */
export const DEV_CALLER = '+15550100199';

const LOOPBACK = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/;

/** What the next call to a phone does, in the words of the console's buttons. */
export const NEXT_CALL = {
  'answer-press-1': { answer: 'human', ringSeconds: 2, pressDigits: ['1'] },
  'answer-silent': { answer: 'human', ringSeconds: 2, pressDigits: [null] },
  'ring-out': { answer: 'no-answer' },
  voicemail: { answer: 'machine_end_beep', ringSeconds: 3 },
  busy: { answer: 'busy' },
} as const;

export const nextCallBody = z.strictObject({ nextCall: z.enum(Object.keys(NEXT_CALL) as [keyof typeof NEXT_CALL, ...(keyof typeof NEXT_CALL)[]]) });
export const devSmsBody = z.strictObject({ from: phoneE164, body: z.string().trim().min(1).max(1600), to: phoneE164.optional() });
export const devCallBody = z.strictObject({ from: phoneE164, to: phoneE164 });
/** A call to a phone line as a customer would place it; `pressDigits` are keyed in at each menu, in order. */
export const devLineCallBody = z.strictObject({
  from: phoneE164.default(DEV_CALLER),
  pressDigits: z.array(z.string().regex(/^[0-9*#]$/, { error: 'must be one key: 0-9, * or #' })).max(5).optional(),
});

type SimCallRow = { sid: string; to: string; from: string; direction: string; status: string; answeredBy: string | null; dateCreated: string };
type SimCallDetail = SimCallRow & { events: ({ type: string; text?: string; numbers?: string[]; result?: string; digits?: string | null } & Record<string, unknown>)[] };
type SimMessageRow = { sid: string; to: string; from: string; body: string; direction: string; status: string; dateCreated: string };

export function devPhoneRoutes({ config, conn }: Pick<AppDeps, 'config' | 'conn'>): Router {
  const r = Router();
  const base = config.TWILIO_API_BASE_URL;
  const enabled = LOOPBACK.test(base);
  const sim = async <T>(path: string, init?: { method: string; body: unknown }): Promise<T> => {
    const res = await fetch(`${base}/_sim${path}`, {
      method: init?.method ?? 'GET',
      headers: { 'Content-Type': 'application/json' },
      body: init ? JSON.stringify(init.body) : undefined,
    }).catch(() => {
      throw new AppError('unavailable', 'the Twilio simulator is not answering', 503);
    });
    const json = (await res.json().catch(() => ({}))) as { error?: { code: string; message: string } };
    if (!res.ok) throw new AppError(json.error?.code ?? 'simulator_error', json.error?.message ?? `simulator answered ${res.status}`, res.status >= 500 ? 502 : res.status);
    return json as T;
  };
  r.use((req, _res, next) => (enabled || (req.method === 'GET' && req.path === '/') ? next() : next(notFound('dev phone', 'simulator'))));

  r.get('/', async (_req, res) => {
    if (!enabled) return void res.json({ enabled: false });
    const [users, calls, messages] = await Promise.all([
      listUsers(conn, { limit: 200, offset: 0 }),
      sim<SimCallRow[]>('/calls'),
      sim<SimMessageRow[]>('/messages'),
    ]);
    const phones = users.data.map((u) => ({
      number: u.phone,
      name: u.name,
      calls: calls.filter((c) => c.to === u.phone || c.from === u.phone).slice(-20).reverse().map(({ sid, to, from, direction, status, answeredBy, dateCreated }) => ({ sid, to, from, direction, status, answeredBy, at: dateCreated })),
      messages: messages.filter((m) => m.to === u.phone || m.from === u.phone).slice(-20).reverse().map(({ sid, to, from, body, direction, status, dateCreated }) => ({ sid, to, from, body, direction, status, at: dateCreated })),
    }));
    res.json({ enabled: true, nightlineNumber: config.TWILIO_FROM_NUMBER, nextCallChoices: Object.keys(NEXT_CALL), phones });
  });

  r.post('/phones/:number/next-call', async (req, res) => {
    const { number } = parseInput(z.strictObject({ number: phoneE164 }), { number: req.params.number }, 'query');
    const { nextCall } = parseInput(nextCallBody, req.body);
    await sim(`/phones/${encodeURIComponent(number)}`, { method: 'POST', body: { script: NEXT_CALL[nextCall] } });
    res.json({ number, nextCall });
  });

  r.post('/sms', async (req, res) => {
    const b = parseInput(devSmsBody, req.body);
    res.status(201).json(await sim('/sms', { method: 'POST', body: { from: b.from, to: b.to ?? config.TWILIO_FROM_NUMBER, body: b.body } }));
  });

  r.post('/calls', async (req, res) => {
    const b = parseInput(devCallBody, req.body);
    res.status(201).json(await sim('/calls', { method: 'POST', body: b }));
  });

  // Like buying the line's number on Twilio: calls to it reach this service, then the call is placed.
  r.post('/lines/:id/call', async (req, res) => {
    const b = parseInput(devLineCallBody, req.body ?? {});
    const line = await getPhoneLine(conn, req.params.id);
    if (!line) throw notFound('phone line', req.params.id);
    const hooks = config.PUBLIC_URL.replace(/\/+$/, '');
    await sim(`/numbers/${encodeURIComponent(line.number)}`, {
      method: 'POST',
      body: { voiceUrl: `${hooks}/twilio/voice/incoming`, smsUrl: `${hooks}/twilio/sms/incoming`, statusCallback: `${hooks}/twilio/voice/incoming/status` },
    });
    const script = b.pressDigits ? { pressDigits: b.pressDigits } : undefined;
    const call = await sim<SimCallRow>('/calls', { method: 'POST', body: { from: b.from, to: line.number, ...(script ? { script } : {}) } });
    res.status(201).json({ sid: call.sid, from: b.from, to: line.number, line: line.name });
  });

  // What the caller of a dev-phone call heard, and whom the line rang: the console shows it live.
  r.get('/calls/:sid', async (req, res) => {
    const { sid } = parseInput(z.strictObject({ sid: z.string().regex(/^CA[0-9a-f]{32}$/, { error: 'must be a call SID' }) }), { sid: req.params.sid }, 'query');
    const call = await sim<SimCallDetail>(`/calls/${sid}`);
    res.json({
      sid: call.sid,
      from: call.from,
      to: call.to,
      status: call.status,
      heard: call.events.filter((e) => e.type === 'say' && e.text).map((e) => String(e.text)),
      pressed: call.events.filter((e) => e.type === 'gather' && e.digits).map((e) => String(e.digits)),
      rang: call.events.filter((e) => e.type === 'dial').map((e) => ({ numbers: e.numbers ?? [], result: e.result ?? '' })),
    });
  });
  return r;
}

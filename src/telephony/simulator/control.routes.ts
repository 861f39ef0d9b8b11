import express, { type Request, type Response } from 'express';
import { z } from 'zod';
import type { TwilioSimulator } from './simulator';

const outcome = z.enum([
  'human',
  'machine_start',
  'machine_end_beep',
  'machine_end_silence',
  'machine_end_other',
  'fax',
  'unknown',
  'no-answer',
  'busy',
  'failed',
]);

export const behaviourSchema = z.strictObject({
  answer: outcome.optional(),
  ringSeconds: z.number().nonnegative().optional(),
  pressDigits: z
    .array(
      z
        .string()
        .regex(/^[0-9*#]*$/)
        .nullable(),
    )
    .optional(),
  say: z.array(z.string().max(500).nullable()).optional(),
  record: z
    .strictObject({
      seconds: z.number().nonnegative().optional(),
      transcription: z.string().optional(),
      endWith: z.string().optional(),
    })
    .optional(),
  hangUpAfterSeconds: z.number().nonnegative().optional(),
  sms: z.enum(['delivered', 'undelivered', 'failed']).optional(),
  smsApiError: z.number().int().optional(),
  callApiError: z.number().int().optional(),
});

const numberSchema = z.strictObject({
  voiceUrl: z.url().optional(),
  voiceMethod: z.enum(['GET', 'POST']).optional(),
  smsUrl: z.url().optional(),
  smsMethod: z.enum(['GET', 'POST']).optional(),
  statusCallback: z.url().optional(),
});
const phoneSchema = z.strictObject({
  script: behaviourSchema.optional(),
  queue: z.array(behaviourSchema).optional(),
});
const smsSchema = z.strictObject({ from: z.string().min(1), to: z.string().min(1), body: z.string() });
const callSchema = z.strictObject({
  from: z.string().min(1),
  to: z.string().min(1),
  script: behaviourSchema.optional(),
});
const failSchema = z.strictObject({
  count: z.number().int().positive(),
  status: z.number().int().min(400).max(599).default(503),
});

const HELP = {
  'GET /_sim/records': 'everything: requests, calls, messages, webhooks, recordings',
  'GET /_sim/calls | /_sim/calls/:sid | /_sim/messages | /_sim/webhooks | /_sim/requests':
    'one kind of record',
  'POST /_sim/numbers/:number':
    '{ voiceUrl?, smsUrl?, voiceMethod?, smsMethod?, statusCallback? } a number Nightline owns',
  'POST /_sim/phones/:number': '{ script?: Behaviour, queue?: Behaviour[] } script a phone',
  'DELETE /_sim/phones/:number': 'forget a phone script',
  'PUT /_sim/default-behaviour': 'Behaviour for unscripted phones (default: ring out)',
  'POST /_sim/sms': '{ from, to, body } an inbound SMS to a number Nightline owns',
  'POST /_sim/calls': '{ from, to, script? } an inbound call to a number Nightline owns',
  'POST /_sim/fail-next': '{ count, status? } the next REST requests fail (default 503)',
  'POST /_sim/reset': 'clear records and scripts',
  Behaviour: Object.keys(behaviourSchema.shape).join(', '),
};

function parse<T>(schema: z.ZodType<T>, req: Request, res: Response): T | undefined {
  const r = schema.safeParse(req.body ?? {});
  if (r.success) return r.data;
  const details = r.error.issues.map((i) => ({ field: i.path.join('.') || 'body', message: i.message }));
  res.status(400).json({
    error: {
      code: 'validation_failed',
      message: details.map((d) => `${d.field}: ${d.message}`).join('; '),
      details,
    },
  });
  return undefined;
}

const param = (req: Request, name: string): string => String(req.params[name]);

/** JSON control API so a person in dev mode can drive the simulator with curl. */
export function controlRouter(sim: TwilioSimulator) {
  const r = express.Router();
  r.use(express.json());
  const rec = sim.records;

  r.get('/', (_req, res) => void res.json(HELP));
  r.get('/records', (_req, res) => {
    const { requests, calls, messages, webhooks, recordings } = rec;
    res.json({ requests, calls, messages, webhooks, recordings });
  });
  r.get('/calls', (_req, res) => void res.json(rec.calls));
  r.get('/calls/:sid', (req, res) => {
    const call = rec.call(param(req, 'sid'));
    if (call) res.json(call);
    else
      res.status(404).json({ error: { code: 'not_found', message: `call ${param(req, 'sid')} not found` } });
  });
  r.get('/messages', (_req, res) => void res.json(rec.messages));
  r.get('/webhooks', (_req, res) => void res.json(rec.webhooks));
  r.get('/requests', (_req, res) => void res.json(rec.requests));

  r.post('/numbers/:number', (req, res) => {
    const cfg = parse(numberSchema, req, res);
    if (cfg) res.json({ number: param(req, 'number'), ...sim.configureNumber(param(req, 'number'), cfg) });
  });
  r.post('/phones/:number', (req, res) => {
    const body = parse(phoneSchema, req, res);
    if (!body) return;
    const phone = sim.phone(param(req, 'number'));
    if (body.script) phone.script(body.script);
    if (body.queue) phone.queue(...body.queue);
    res.json({ number: phone.number, ok: true });
  });
  r.delete(
    '/phones/:number',
    (req, res) => void res.json({ number: sim.phone(param(req, 'number')).reset().number }),
  );
  r.put('/default-behaviour', (req, res) => {
    const b = parse(behaviourSchema, req, res);
    if (b) res.json(sim.setDefaultBehaviour(b));
  });
  r.post('/sms', async (req, res) => {
    const b = parse(smsSchema, req, res);
    if (!b) return;
    try {
      res.json(await sim.sendSms(b));
    } catch (err) {
      res.status(409).json({ error: { code: 'number_not_configured', message: (err as Error).message } });
    }
  });
  r.post('/calls', (req, res) => {
    const b = parse(callSchema, req, res);
    if (!b) return;
    try {
      res.status(201).json(sim.placeInboundCall(b));
    } catch (err) {
      res.status(409).json({ error: { code: 'number_not_configured', message: (err as Error).message } });
    }
  });
  r.post('/fail-next', (req, res) => {
    const b = parse(failSchema, req, res);
    if (b) res.json(sim.failNextRequests(b.count, b.status));
  });
  r.post('/reset', (_req, res) => {
    sim.reset();
    res.json({ ok: true });
  });
  return r;
}

import express, { type NextFunction, type Request, type Response } from 'express';
import type { CallEngine } from './call-engine';
import type { SimContext } from './context';
import type { MessageService } from './messages';
import { callJson, messageJson, pageJson, recordingJson, silentWav, twilioError } from './rest-format';
import { parseCallCreate, parseCallUpdate, parseMessageCreate, type Form } from './rest-validation';

/**
 * Trouble the test asked for: the next `count` REST requests (and every one before `failUntil`, wall-clock
 * ms) answer with `status`; every request before `slowUntil` is held `slowMs` before it is handled (the
 * call or message is still created then, as when Twilio is slow and the client has already given up).
 */
export interface InjectedFailures {
  count: number;
  status: number;
  failUntil?: number;
  slowUntil?: number;
  slowMs?: number;
}

/** Twilio's date filters on list requests: `Name` (same UTC day), `Name<` (before), `Name>` (after). */
function dateFilter(q: Record<string, string | undefined>, name: string): (d: Date | null) => boolean {
  const at = (v: string | undefined) => (v ? Date.parse(v) : NaN);
  const [on, before, after] = [at(q[name]), at(q[`${name}<`]), at(q[`${name}>`])];
  const day = (t: number) => new Date(t).toISOString().slice(0, 10);
  return (d) => {
    if (Number.isNaN(on) && Number.isNaN(before) && Number.isNaN(after)) return true;
    if (!d) return false; // Twilio leaves out resources without the date (a queued call has no StartTime)
    const t = d.getTime();
    return (Number.isNaN(on) || day(t) === day(on)) && (Number.isNaN(before) || t < before) && (Number.isNaN(after) || t >= after);
  };
}

const FAILURE_CODES: Record<number, number> = { 429: 20429, 500: 20500, 503: 20503 };

function sendError(res: Response, code: number, arg?: string): void {
  const body = twilioError(code, arg);
  res.locals.errorCode = code;
  res.status(body.status).json(body);
}

/** Answers a list request with the page its `PageSize` and `Page` query ask for. */
function sendPage<T>(req: Request, res: Response, key: string, all: T[]): void {
  const q = req.query as Record<string, string | undefined>;
  const size = Math.min(Math.max(Number(q.PageSize) || 50, 1), 1000);
  const p = Math.max(Number(q.Page) || 0, 0);
  res.json(pageJson(key, all, req.baseUrl + req.path, p, size));
}

/** The 2010-04-01 REST API: Calls, Messages and Recordings, behind HTTP basic auth. */
export function restRouter(
  ctx: SimContext,
  engine: CallEngine,
  messages: MessageService,
  failures: InjectedFailures,
) {
  const r = express.Router({ mergeParams: true });
  r.use(express.urlencoded({ extended: false, limit: '1mb' }));

  r.use((req: Request, res: Response, next: NextFunction) => {
    const at = Date.now();
    res.on('finish', () => {
      const params = (req.method === 'GET' ? req.query : (req.body ?? {})) as Record<
        string,
        string | string[]
      >;
      const errorCode = res.locals.errorCode as number | undefined;
      ctx.records.requests.push({
        at,
        method: req.method,
        path: req.path,
        params,
        status: res.statusCode,
        errorCode,
      });
      ctx.records.changed();
    });
    next();
  });

  // Recording media is fetched without credentials (by <Play>, or a browser), as Twilio allows by default.
  r.get('/Recordings/:file', (req, res) => {
    const [sid, ext] = (req.params.file as string).split('.');
    const rec = ctx.records.recordings.find((x) => x.sid === sid);
    if (!rec) return sendError(res, 20404, req.originalUrl);
    if (ext === 'json') return res.json(recordingJson(ctx, rec));
    res.type('audio/x-wav').send(silentWav(rec.duration));
  });

  r.use((req: Request, res: Response, next: NextFunction) => {
    const [scheme, encoded] = (req.headers.authorization ?? '').split(' ');
    const [user, ...rest] = Buffer.from(encoded ?? '', 'base64')
      .toString()
      .split(':');
    if (scheme !== 'Basic' || user !== ctx.accountSid || rest.join(':') !== ctx.authToken) {
      res.set('WWW-Authenticate', 'Basic realm="Twilio API"');
      return sendError(res, 20003);
    }
    if (req.params.accountSid !== ctx.accountSid) return sendError(res, 20404, req.originalUrl);
    if (failures.count > 0 || (failures.failUntil ?? 0) > Date.now()) {
      if (failures.count > 0) failures.count--;
      return sendError(res, FAILURE_CODES[failures.status] ?? 20500);
    }
    if ((failures.slowUntil ?? 0) > Date.now() && failures.slowMs) {
      setTimeout(next, failures.slowMs);
      return;
    }
    next();
  });

  r.post('/Calls.json', (req, res) => {
    const parsed = parseCallCreate(ctx, req.body as Form);
    if ('error' in parsed) return sendError(res, parsed.error, parsed.arg);
    res.status(201).json(callJson(ctx, engine.placeOutbound(parsed.value)));
  });

  r.get('/Calls.json', (req, res) => {
    const q = req.query as Record<string, string | undefined>;
    const started = dateFilter(q, 'StartTime');
    const calls = ctx.records.calls
      .filter(
        (c) =>
          (!q.To || c.to === q.To) && (!q.From || c.from === q.From) && (!q.Status || c.status === q.Status),
      )
      .filter((c) => (!q.ParentCallSid || c.parentCallSid === q.ParentCallSid) && started(c.startTime))
      .reverse();
    sendPage(
      req,
      res,
      'calls',
      calls.map((c) => callJson(ctx, c)),
    );
  });

  r.get('/Calls/:sid.json', (req, res) => {
    const call = ctx.records.call(req.params.sid as string);
    if (!call) return sendError(res, 20404, req.originalUrl);
    res.json(callJson(ctx, call));
  });

  r.post('/Calls/:sid.json', (req, res) => {
    const call = ctx.records.call(req.params.sid as string);
    if (!call) return sendError(res, 20404, req.originalUrl);
    const parsed = parseCallUpdate(req.body as Form);
    if ('error' in parsed) return sendError(res, parsed.error, parsed.arg);
    if (!engine.update(call, parsed.value)) return sendError(res, 21220);
    res.json(callJson(ctx, call));
  });

  r.post('/Messages.json', (req, res) => {
    const parsed = parseMessageCreate(ctx, req.body as Form);
    if ('error' in parsed) return sendError(res, parsed.error, parsed.arg);
    res.status(201).json(messageJson(ctx, messages.send({ ...parsed.value, direction: 'outbound-api' })));
  });

  r.get('/Messages.json', (req, res) => {
    const q = req.query as Record<string, string | undefined>;
    const sent = dateFilter(q, 'DateSent');
    const list = ctx.records.messages
      .filter((m) => (!q.To || m.to === q.To) && (!q.From || m.from === q.From) && sent(m.dateSent))
      .reverse();
    sendPage(
      req,
      res,
      'messages',
      list.map((m) => messageJson(ctx, m)),
    );
  });

  r.get('/Messages/:sid.json', (req, res) => {
    const msg = ctx.records.message(req.params.sid as string);
    if (!msg) return sendError(res, 20404, req.originalUrl);
    res.json(messageJson(ctx, msg));
  });

  r.use((req: Request, res: Response) => sendError(res, 20404, req.originalUrl));
  return r;
}

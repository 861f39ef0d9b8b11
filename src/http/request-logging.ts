import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { pinoHttp } from 'pino-http';
import { scrub, type Logger } from '../logger';

const CALLER_ID = /^[\w.:-]{1,100}$/;
const QUIET = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * One JSON line per request with a request id (the caller's X-Request-Id when it is sane, else a new one),
 * echoed in the response; `req.log` carries the id to every line written while handling it. Probes and
 * scrapes are not logged. Secrets in headers and URLs are redacted by the logger itself.
 */
export function requestLogging(log: Logger): RequestHandler {
  return pinoHttp({
    logger: log,
    quietReqLogger: true,
    serializers: {
      // The URL keeps the path; secrets in it (feed tokens, routing keys) are masked and the parsed query dropped.
      req: (r: { url?: string; query?: unknown }) => ({ ...r, url: r.url ? scrub(r.url) : r.url, query: undefined }),
    },
    genReqId(req, res) {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && CALLER_ID.test(given) ? given : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    autoLogging: { ignore: (req) => QUIET.has((req.url ?? '').split('?')[0] ?? '') },
    customLogLevel: (_req, res, err) =>
      err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
  });
}

import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** Header and field paths whose values are secrets wherever they appear in a log object. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-twilio-signature"]',
  'req.headers["x-slack-signature"]',
  'res.headers["set-cookie"]',
  '*.token',
  '*.authToken',
  '*.password',
  '*.secret',
  '*.signature',
  '*.apiKey',
  '*.routingKey',
];

const PHONE = /\+\d{7,15}\b/g;
const SECRET_QUERY = /([?&](?:token|key|routing_key|signature|sig|code)=)[^&\s"']+/gi;
/** Alertmanager's URL carries the routing key as its last segment, a one-click email link its token. */
const SECRET_PATH = /(\/integrations\/alertmanager\/|\/channels\/email\/actions\/)[^/?\s"']+/g;

/** Keeps a phone number's last four digits (enough to tell people apart), hides the rest and any secret in a URL. */
export function scrub(s: string): string {
  return s
    .replace(PHONE, (p) => `+${'*'.repeat(p.length - 5)}${p.slice(-4)}`)
    .replace(SECRET_QUERY, '$1[redacted]')
    .replace(SECRET_PATH, '$1[redacted]');
}

function scrubDeep(v: unknown, depth = 0): unknown {
  if (typeof v === 'string') return scrub(v);
  if (depth > 6 || !v || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x) => scrubDeep(x, depth + 1));
  // Only plain data: requests, responses and errors reach their serializers untouched (they scrub their own).
  const proto: unknown = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = scrubDeep(x, depth + 1);
  return out;
}

/** Serializers for errors: their messages quote provider answers, which name phone numbers. */
const serializers = {
  err: (e: unknown) => scrubDeep(pino.stdSerializers.err(e as Error)),
};

/** JSON logs with secrets redacted by path, and phone numbers and URL secrets masked in every string. */
export function createLogger(level: string, name = 'nightline', destination?: DestinationStream): Logger {
  const options = {
    name,
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers,
    formatters: { log: (obj: Record<string, unknown>) => scrubDeep(obj) as Record<string, unknown> },
    hooks: {
      logMethod(this: Logger, args: Parameters<Logger['info']>, method: (...a: unknown[]) => void) {
        method.apply(
          this,
          args.map((a) => (typeof a === 'string' ? scrub(a) : a)),
        );
      },
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

import { z } from 'zod';

const e164 = /^\+[1-9]\d{6,14}$/;

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Health endpoint of a worker-only process (the API serves its own). */
  WORKER_HEALTH_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  PUBLIC_URL: z.string().url().transform((u) => u.replace(/\/+$/, '')),
  MONGODB_URI: z.string().regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://'),
  TEMPORAL_ADDRESS: z.string().regex(/^[^:\s]+:\d+$/, 'must be host:port').default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('nightline'),
  TWILIO_CALLS_PER_SECOND: z.coerce.number().positive().default(1),
  TWILIO_SMS_PER_SECOND: z.coerce.number().positive().default(1),
  TWILIO_ACCOUNT_SID: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'must be AC followed by 32 hex digits'),
  TWILIO_AUTH_TOKEN: z.string().min(8, 'must be at least 8 characters'),
  TWILIO_FROM_NUMBER: z.string().regex(e164, 'must be an E.164 number such as +15551234567'),
  TWILIO_API_BASE_URL: z
    .string()
    .url()
    .default('https://api.twilio.com')
    .transform((u) => u.replace(/\/+$/, '')),
  ADMIN_API_TOKEN: z.string().min(16, 'must be at least 16 characters'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Events per minute per routing key on /v2/enqueue and the Alertmanager webhook (PagerDuty allows 120). */
  RATE_LIMIT_EVENTS_PER_MINUTE: z.coerce.number().int().min(1).default(120),
  /** Requests per minute per client address on the /twilio webhooks. */
  RATE_LIMIT_WEBHOOKS_PER_MINUTE: z.coerce.number().int().min(1).default(600),
});

export type Config = Readonly<z.infer<typeof schema>>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once; the message of a ConfigError names every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => {
      const name = i.path.join('.');
      const msg = i.code === 'invalid_type' && env[name] === undefined ? 'is required but not set' : i.message;
      return `${name} ${msg}`;
    });
    throw new ConfigError(problems);
  }
  return Object.freeze(parsed.data);
}

/** The CLI's export/apply target: NIGHTLINE_URL and NIGHTLINE_TOKEN (the admin token), both optional here. */
export function cliApiTarget(env: NodeJS.ProcessEnv = process.env): { url?: string; token?: string } {
  const parsed = z.object({ NIGHTLINE_URL: z.string().url().optional(), NIGHTLINE_TOKEN: z.string().min(1).optional() }).safeParse(env);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`));
  return { url: parsed.data.NIGHTLINE_URL, token: parsed.data.NIGHTLINE_TOKEN };
}

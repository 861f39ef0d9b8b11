import { z } from 'zod';
import { MAX_PAGE_THROTTLE_SECONDS } from './domain/delivery-timing';

/** The main worker's workflow-task slots and pollers when none are given (bench:open-alerts chose them; README). */
export const DEFAULT_WORKFLOW_TASK_SLOTS = 100;
export const DEFAULT_WORKFLOW_TASK_POLLERS = 20;

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
  /**
   * Open alerts whose workflow state a worker keeps in memory (each costs some hundred KB of RSS); beyond it, a
   * timer or signal for an evicted alert replays its history first. Unset: the Temporal SDK's default.
   */
  TEMPORAL_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).optional(),
  /**
   * Workflow tasks the main worker runs at once, and the polls it keeps open for them. A task holds its slot while
   * its local activities (target lookups, timeline writes) wait on Mongo, so under a burst of level timers the
   * slots, not the CPU, bound how soon each alert's next level starts. Unset: DEFAULT_WORKFLOW_TASK_SLOTS and
   * _POLLERS above, the values bench:open-alerts chose; src/temporal/worker.ts bounds them by a set cache.
   */
  TEMPORAL_WORKFLOW_TASK_SLOTS: z.coerce.number().int().min(2).max(2000).optional(),
  TEMPORAL_WORKFLOW_TASK_POLLERS: z.coerce.number().int().min(2).max(1000).optional(),
  TWILIO_CALLS_PER_SECOND: z.coerce.number().positive().default(1),
  TWILIO_SMS_PER_SECOND: z.coerce.number().positive().default(1),
  /** One person, one phone: at most one call (and one text) per person per this many seconds; 0 turns it off. */
  PAGE_THROTTLE_SECONDS: z.coerce.number().int().min(0).max(MAX_PAGE_THROTTLE_SECONDS).default(60),
  /**
   * A page that would wait longer than this for its held bundle is handed back to its workflow, which sleeps
   * until the bundle is due (a durable timer) instead of holding an activity slot and heartbeating meanwhile.
   */
  BUNDLE_HAND_BACK_SECONDS: z.coerce.number().int().min(1).max(MAX_PAGE_THROTTLE_SECONDS).default(15),
  TWILIO_ACCOUNT_SID: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'must be AC followed by 32 hex digits'),
  TWILIO_AUTH_TOKEN: z.string().min(8, 'must be at least 8 characters'),
  TWILIO_FROM_NUMBER: z.string().regex(e164, 'must be an E.164 number such as +15551234567'),
  TWILIO_API_BASE_URL: z
    .string()
    .url()
    .default('https://api.twilio.com')
    .transform((u) => u.replace(/\/+$/, '')),
  ADMIN_API_TOKEN: z.string().min(16, 'must be at least 16 characters'),
  /** Comma-separated emails of the admins paged when a phone line's own targets resolve to nobody. */
  ADMIN_PAGE_EMAILS: z.string().default(''),
  /** Email (src/channels): unset means no email provider; dev points it at Mailpit. */
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://').optional(),
  EMAIL_FROM: z.string().min(3).default('Nightline <nightline@localhost>'),
  /** Slack: both set, or neither (no Slack provider). */
  SLACK_BOT_TOKEN: z.string().min(8).optional(),
  SLACK_SIGNING_SECRET: z.string().min(8).optional(),
  SLACK_API_URL: z.string().url().default('https://slack.com/api/'),
  /** Signs one-click acknowledge/resolve links in emails; derived from ADMIN_API_TOKEN when unset. */
  ACTION_LINK_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  ACTION_LINK_TTL_MINUTES: z.coerce.number().int().positive().default(24 * 60),
  /** Identity (issue 9): session lifetime, failed-login limits, single sign-on. */
  SESSION_IDLE_MINUTES: z.coerce.number().int().positive().default(60),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().positive().default(12),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().positive().default(5),
  LOGIN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().positive().default(20),
  LOGIN_LOCKOUT_MINUTES: z.coerce.number().int().positive().default(15),
  OIDC_ISSUER: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_GROUPS_CLAIM: z.string().min(1).default('groups'),
  /** JSON object: IdP group -> { "team": "<team name>", "role": "viewer|responder|manager|admin" }. */
  OIDC_GROUP_MAP: z.string().default('{}'),
  /** What a first SSO login by someone unknown does: create the person, or refuse. */
  OIDC_UNKNOWN_USERS: z.enum(['create', 'refuse']).default('refuse'),
  /**
   * How many reverse proxies in front of the API may set X-Forwarded-For: 0 (default) means the socket's own
   * address is the client, so nobody can dodge per-address login limits and rate limits by sending the header.
   */
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Events per minute per routing key on /v2/enqueue and the Alertmanager webhook (PagerDuty allows 120). */
  RATE_LIMIT_EVENTS_PER_MINUTE: z.coerce.number().int().min(1).default(120),
  /** Unsigned requests per minute per client address on the /twilio webhooks (Twilio's signed callbacks are never limited). */
  RATE_LIMIT_WEBHOOKS_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  /**
   * Test-only fault hooks for `npm run drill`: `after-claim:0.1,after-dial:0.1` makes the worker SIGKILL
   * itself with that probability between claiming an attempt and dialling, or between dialling and recording.
   * Refused in production.
   */
  NIGHTLINE_DRILL_FAULTS: z
    .string()
    .regex(/^((after-claim|after-dial):(0(\.\d+)?|1)(,|$))*$/, 'must look like after-claim:0.1,after-dial:0.1')
    .default(''),
})
  .refine((c) => (c.TEMPORAL_WORKFLOW_TASK_POLLERS ?? 0) <= (c.TEMPORAL_WORKFLOW_TASK_SLOTS ?? DEFAULT_WORKFLOW_TASK_SLOTS), {
    path: ['TEMPORAL_WORKFLOW_TASK_POLLERS'],
    message: 'must not exceed TEMPORAL_WORKFLOW_TASK_SLOTS (a poll needs a free slot)',
  })
  .refine((c) => !c.TEMPORAL_MAX_CACHED_WORKFLOWS || (c.TEMPORAL_WORKFLOW_TASK_SLOTS ?? 0) <= c.TEMPORAL_MAX_CACHED_WORKFLOWS, {
    path: ['TEMPORAL_WORKFLOW_TASK_SLOTS'],
    message: 'must not exceed TEMPORAL_MAX_CACHED_WORKFLOWS (each running task keeps its alert in the cache)',
  })
  .refine((c) => !(c.NODE_ENV === 'production' && c.NIGHTLINE_DRILL_FAULTS), {
  path: ['NIGHTLINE_DRILL_FAULTS'],
  error: 'is for drills only and cannot be set with NODE_ENV=production',
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

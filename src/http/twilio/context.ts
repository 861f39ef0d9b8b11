import type { RequestHandler } from 'express';
import type { Connection } from 'mongoose';
import type { Config } from '../../config';
import { createAlertRepository } from '../../db/alert.repository';
import { createTargetDirectory } from '../../db/directory';
import { createNotificationAttemptRepository } from '../../db/notification-attempt.repository';
import { createPageBundleRepository } from '../../db/page-bundle.repository';
import { createPhoneLineCallRepository } from '../../db/phone-line-call.repository';
import { createSmsOptOutRepository } from '../../db/sms-opt-out.repository';
import { createSmsPageCodeRepository } from '../../db/sms-page-code.repository';
import { createWebhookReceiptRepository } from '../../db/webhook-receipt.repository';
import type { Logger } from '../../logger';
import type { AlertEngine } from '../../temporal/alert-engine';
import type { RunbookPager } from '../../temporal/runbook-pager';

/** The part of the alert engine the webhooks drive (tests may pass a recording fake). */
export type WebhookEngine = Pick<AlertEngine, 'acknowledge' | 'resolve' | 'escalate' | 'notificationOutcome' | 'trigger'>;

export interface TwilioDeps {
  config: Pick<Config, 'PUBLIC_URL' | 'TWILIO_AUTH_TOKEN'> & Partial<Pick<Config, 'ADMIN_PAGE_EMAILS'>>;
  log: Logger;
  conn: Connection;
  engine: WebhookEngine;
  /** Per-client rate limit in front of every webhook. */
  rateLimit?: RequestHandler;
  /** NightDesk rule pages (phone lines with a runbook); absent, those lines ring as usual. */
  runbookPager?: RunbookPager;
}

export type TwilioContext = ReturnType<typeof createTwilioContext>;

/** Everything the webhook handlers share, built once per app. */
export function createTwilioContext(deps: TwilioDeps) {
  const { conn } = deps;
  return {
    ...deps,
    publicUrl: deps.config.PUBLIC_URL.replace(/\/+$/, ''),
    receipts: createWebhookReceiptRepository(conn),
    attempts: createNotificationAttemptRepository(conn),
    alerts: createAlertRepository(conn),
    codes: createSmsPageCodeRepository(conn),
    optOuts: createSmsOptOutRepository(conn),
    calls: createPhoneLineCallRepository(conn),
    bundles: createPageBundleRepository(conn),
    directory: createTargetDirectory(conn),
  };
}

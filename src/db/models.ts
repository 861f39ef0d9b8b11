import type { Connection, Model } from 'mongoose';
import { alertModel } from './alert.model';
import { dialSlotModel } from './dial-slot.model';
import { pageBundleModel } from './page-bundle.model';
import { escalationPolicyModel } from './escalation-policy.model';
import { noticeDeliveryModel } from './notice-delivery.model';
import { notificationAttemptModel } from './notification-attempt.model';
import { phoneLineCallModel } from './phone-line-call.model';
import { phoneLineModel } from './phone-line.model';
import { runbookModel } from './runbook.model';
import { holidayModel } from './schedule-holiday.model';
import { overrideModel } from './schedule-override.model';
import { swapClaimModel } from './schedule-swap.model';
import { timeOffModel } from './schedule-time-off.model';
import { scheduleModel } from './schedule.model';
import { serviceModel } from './service.model';
import { smsOptOutModel } from './sms-opt-out.model';
import { smsCodeCounterModel, smsPageCodeModel } from './sms-page-code.model';
import { userModel } from './user.model';
import { webhookReceiptModel } from './webhook-receipt.model';
import { serviceChannelsModel, slackAlertMessageModel, usedNonceModel } from './channels/channel-state.model';
import { outgoingWebhookModel, webhookDeliveryModel } from './channels/outgoing-webhook.model';
import { IDENTITY_MODELS } from './identity/identity.models';
import { fatigueLedgerModel } from './fatigue/fatigue-ledger.model';

const MODELS: ReadonlyArray<(conn: Connection) => Model<never>> = [
  userModel,
  scheduleModel,
  overrideModel,
  swapClaimModel,
  timeOffModel,
  holidayModel,
  runbookModel,
  escalationPolicyModel,
  serviceModel,
  alertModel,
  notificationAttemptModel,
  webhookReceiptModel,
  smsOptOutModel,
  smsPageCodeModel,
  smsCodeCounterModel,
  phoneLineModel,
  phoneLineCallModel,
  dialSlotModel,
  pageBundleModel,
  outgoingWebhookModel,
  webhookDeliveryModel,
  serviceChannelsModel,
  slackAlertMessageModel,
  usedNonceModel,
  noticeDeliveryModel,
  fatigueLedgerModel,
  ...IDENTITY_MODELS,
] as never;

/**
 * Creates every collection and index before the service takes traffic. The unique indexes carry the
 * idempotency guarantees (notification attempts, webhook receipts), so they must exist before the first
 * write rather than be built lazily in the background; Mongo-wire servers also fail queries that race a
 * brand-new collection's first index build.
 */
export async function initModels(conn: Connection): Promise<void> {
  for (const model of MODELS) await model(conn).init();
}

import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { Connection } from 'mongoose';
import type { ChannelProviders } from '../src/channels/channels';
import { webhookSignature } from '../src/channels/signatures';
import { alertCardBlocks, alertCardText, type AlertCard } from '../src/channels/slack-blocks';
import { serviceChannelsModel, slackAlertMessageModel } from '../src/db/channels/channel-state.model';
import { outgoingWebhookModel, webhookDeliveryModel, type AlertEventName } from '../src/db/channels/outgoing-webhook.model';
import type { AlertStatus, Severity } from '../src/domain/escalation.types';

/** One change of an alert, as outgoing webhooks and Slack messages report it. */
export interface AlertEventInput {
  /** Same on every retry: `<alertId>:<timeline key>`. */
  eventId: string;
  event: AlertEventName;
  /** ISO instant. */
  occurredAt: string;
  actor: string;
  alert: { id: string; title: string; description: string; severity: Severity; serviceId: string | null; status: AlertStatus; level: number };
}

export interface AlertEventPlan {
  webhookIds: string[];
  slack: boolean;
}

export interface AlertEventDeps {
  providers: ChannelProviders;
  conn: Connection;
}

/** The JSON body receivers get (documented in the README). */
export function webhookBody(input: AlertEventInput): string {
  const { alert } = input;
  return JSON.stringify({
    id: input.eventId,
    event: input.event,
    occurredAt: input.occurredAt,
    actor: input.actor,
    alert: { id: alert.id, title: alert.title, severity: alert.severity, status: alert.status, level: alert.level + 1, serviceId: alert.serviceId },
  });
}

/**
 * Who must hear of each event: the webhooks of its alert's service subscribed to it, and Slack when it is
 * configured. One read for the whole batch (the events of one alert share its service).
 */
export async function planAlertEvents(configured: AlertEventDeps | undefined, inputs: AlertEventInput[]): Promise<AlertEventPlan[]> {
  if (!configured) return inputs.map(() => ({ webhookIds: [], slack: false }));
  const slack = configured.providers.slack !== undefined;
  const serviceIds = [...new Set(inputs.flatMap((i) => (i.alert.serviceId ? [i.alert.serviceId] : [])))];
  const names = [...new Set(inputs.map((i) => i.event))];
  const hooks =
    serviceIds.length > 0
      ? await outgoingWebhookModel(configured.conn).find({ serviceId: { $in: serviceIds }, events: { $in: names } }, { _id: 1, serviceId: 1, events: 1 }).lean()
      : [];
  return inputs.map((i) => ({
    webhookIds: hooks.filter((h) => h.serviceId === i.alert.serviceId && h.events.includes(i.event)).map((h) => String(h._id)),
    slack,
  }));
}

/**
 * Webhook deliveries and Slack updates for one alert event; the alert-event workflow retries them. A
 * worker built without channel deps (some workflow tests) plans nothing.
 */
export function createAlertEventActivities(configured: AlertEventDeps | undefined) {
  const need = (): AlertEventDeps => {
    if (!configured) throw ApplicationFailure.nonRetryable('channels are not configured in this worker');
    return configured;
  };
  return {
    async planAlertEvent(input: AlertEventInput): Promise<AlertEventPlan> {
      const [plan] = await planAlertEvents(configured, [input]);
      return plan ?? { webhookIds: [], slack: false };
    },

    /** One try; a non-2xx answer or no answer throws, so the activity retry policy backs off and tries again. */
    async deliverWebhook(req: { webhookId: string; input: AlertEventInput }): Promise<{ status: number; attempt: number }> {
      const deps = need();
      const hook = await outgoingWebhookModel(deps.conn).findById(req.webhookId).lean();
      if (!hook) return { status: 0, attempt: 0 }; // deleted meanwhile: nothing to deliver
      const attempt = Context.current().info.attempt;
      const body = webhookBody(req.input);
      const headers = {
        'content-type': 'application/json',
        'user-agent': 'Nightline-Webhooks/1',
        'x-nightline-event': req.input.event,
        'x-nightline-delivery': req.input.eventId,
        'x-nightline-signature': webhookSignature(hook.secret, Math.floor(Date.now() / 1000), body),
      };
      let status: number | null = null;
      let error: string | null = null;
      try {
        status = (await deps.providers.webhook.post({ url: hook.url, body, headers })).status;
        if (status < 200 || status >= 300) error = `receiver answered ${status}`;
      } catch (err) {
        error = err instanceof Error ? err.message : String(err);
      }
      const log = { webhookId: req.webhookId, serviceId: hook.serviceId, alertId: req.input.alert.id, event: req.input.event, eventId: req.input.eventId, attempt };
      await webhookDeliveryModel(deps.conn).updateOne(
        log,
        { $set: { outcome: error ? 'failed' : 'delivered', httpStatus: status, error, at: new Date() } },
        { upsert: true },
      );
      if (error) throw ApplicationFailure.retryable(`webhook ${hook.url}: ${error}`, 'WebhookDeliveryFailed');
      return { status: status ?? 0, attempt };
    },

    /** Posts a new alert to its service's Slack channel, and brings every message about it up to date. */
    async syncSlackAlert(input: AlertEventInput): Promise<{ posted: number; updated: number }> {
      const deps = need();
      const slack = deps.providers.slack;
      if (!slack) return { posted: 0, updated: 0 };
      const card: AlertCard = {
        alertId: input.alert.id,
        title: input.alert.title,
        severity: input.alert.severity,
        status: input.alert.status,
        level: input.alert.level,
        lastChange: input.event === 'triggered' ? undefined : `${input.event} by ${input.actor}`,
      };
      const messages = slackAlertMessageModel(deps.conn);
      let posted = 0;
      const serviceId = input.alert.serviceId;
      if (input.event === 'triggered' && serviceId && !(await messages.exists({ alertId: input.alert.id, kind: 'service' }))) {
        const settings = await serviceChannelsModel(deps.conn).findOne({ serviceId }).lean();
        if (settings?.slackChannel) {
          const p = await slack.post({ channel: settings.slackChannel, text: alertCardText(card), blocks: alertCardBlocks(card) });
          await messages.updateOne({ channel: p.channel, ts: p.ts }, { $setOnInsert: { alertId: input.alert.id, channel: p.channel, ts: p.ts, kind: 'service' } }, { upsert: true });
          posted++;
        }
      }
      let updated = 0;
      if (input.event !== 'triggered') {
        for (const m of await messages.find({ alertId: input.alert.id }).lean()) {
          await slack.update({ channel: m.channel, ts: m.ts, text: alertCardText(card), blocks: alertCardBlocks(card) });
          updated++;
        }
      }
      return { posted, updated };
    },
  };
}

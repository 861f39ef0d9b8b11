import { randomBytes } from 'node:crypto';
import { Router } from 'express';
import type { Connection } from 'mongoose';
import { serviceChannelsModel } from '../../db/channels/channel-state.model';
import { outgoingWebhookModel, webhookDeliveryModel, type OutgoingWebhookDoc, type WebhookDeliveryDoc } from '../../db/channels/outgoing-webhook.model';
import { paginate } from '../../db/pagination';
import { getService } from '../../db/service.repository';
import { notFound } from '../errors';
import { parseInput } from '../validation/parse';
import { ALERT_EVENTS } from '../../db/channels/outgoing-webhook.model';
import { createWebhookBody, serviceSlackBody, webhookDeliveriesQuery } from './service-channels.schemas';

const toWebhookDto = (d: OutgoingWebhookDoc) => ({ id: String(d._id), serviceId: d.serviceId, url: d.url, events: d.events, createdAt: d.createdAt.toISOString() });
const toDeliveryDto = (d: WebhookDeliveryDoc) => ({
  id: String(d._id),
  webhookId: d.webhookId,
  alertId: d.alertId,
  event: d.event,
  eventId: d.eventId,
  attempt: d.attempt,
  outcome: d.outcome,
  httpStatus: d.httpStatus,
  error: d.error,
  at: d.at.toISOString(),
});

/** /api/v1/services/:id/webhooks, /webhook-deliveries and /slack: where a service's alert events go. */
export function serviceChannelsRoutes({ conn }: { conn: Connection }): Router {
  const r = Router();
  const known = async (id: string) => {
    if (!(await getService(conn, id))) throw notFound('service', id);
  };

  r.post('/:id/webhooks', async (req, res) => {
    const body = parseInput(createWebhookBody, req.body);
    await known(req.params.id);
    const secret = body.secret ?? randomBytes(24).toString('base64url');
    const doc = await outgoingWebhookModel(conn).create({ serviceId: req.params.id, url: body.url, secret, events: body.events ?? [...ALERT_EVENTS] });
    res.status(201).json({ ...toWebhookDto(doc.toObject()), secret }); // the only time the secret is shown
  });

  r.get('/:id/webhooks', async (req, res) => {
    await known(req.params.id);
    const docs = await outgoingWebhookModel(conn).find({ serviceId: req.params.id }).sort({ _id: 1 }).lean<OutgoingWebhookDoc[]>();
    res.json({ data: docs.map(toWebhookDto) });
  });

  r.delete('/:id/webhooks/:webhookId', async (req, res) => {
    await known(req.params.id);
    const id = req.params.webhookId;
    const gone = /^[0-9a-f]{24}$/i.test(id) ? await outgoingWebhookModel(conn).findOneAndDelete({ _id: id, serviceId: req.params.id }) : null;
    if (!gone) throw notFound('webhook', id);
    res.status(204).end();
  });

  r.get('/:id/webhook-deliveries', async (req, res) => {
    const { webhookId, alertId, ...page } = parseInput(webhookDeliveriesQuery, req.query, 'query');
    await known(req.params.id);
    const filter = { serviceId: req.params.id, ...(webhookId ? { webhookId } : {}), ...(alertId ? { alertId } : {}) };
    res.json(await paginate(webhookDeliveryModel(conn), filter, page, toDeliveryDto));
  });

  r.put('/:id/slack', async (req, res) => {
    const { channel } = parseInput(serviceSlackBody, req.body);
    await known(req.params.id);
    await serviceChannelsModel(conn).updateOne({ serviceId: req.params.id }, { $set: { slackChannel: channel } }, { upsert: true });
    res.json({ serviceId: req.params.id, slackChannel: channel });
  });

  r.get('/:id/slack', async (req, res) => {
    await known(req.params.id);
    const doc = await serviceChannelsModel(conn).findOne({ serviceId: req.params.id }).lean();
    res.json({ serviceId: req.params.id, slackChannel: doc?.slackChannel ?? null });
  });
  return r;
}

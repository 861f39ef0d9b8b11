import type { Connection } from 'mongoose';
import { isDuplicateKeyError } from './connect';
import { webhookReceiptModel, type WebhookReceiptDoc } from './webhook-receipt.model';

export interface ReceiptMeta {
  kind: string;
  callSid?: string | null;
  messageSid?: string | null;
}

export type ReceiptClaim = { first: true } | { first: false; state: WebhookReceiptDoc['state']; response: string | null };


export type WebhookReceiptRepository = ReturnType<typeof createWebhookReceiptRepository>;

export function createWebhookReceiptRepository(conn: Connection) {
  const Receipts = webhookReceiptModel(conn);
  let indexed: Promise<unknown> | undefined;

  const repo = {
    /** Records the event; only the first caller for a key gets `first: true` and may act. */
    async claim(key: string, meta: ReceiptMeta): Promise<ReceiptClaim> {
      await (indexed ??= Receipts.init()); // the unique index must exist before the first insert can be trusted
      try {
        await Receipts.create({ key, kind: meta.kind, callSid: meta.callSid ?? null, messageSid: meta.messageSid ?? null });
        return { first: true };
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
      }
      const existing = await Receipts.findOne({ key: { $eq: key } }).lean<WebhookReceiptDoc>().exec();
      return { first: false, state: existing?.state ?? 'pending', response: existing?.response ?? null };
    },

    async complete(key: string, response: string): Promise<void> {
      await Receipts.updateOne({ key: { $eq: key } }, { $set: { state: 'done', response } }).exec();
    },

    /** Forgets a claim whose handling failed, so Twilio's retry (or the person's next press) can act. */
    async release(key: string): Promise<void> {
      await Receipts.deleteOne({ key: { $eq: key }, state: 'pending' }).exec();
    },

    async exists(filter: { callSid: string; kind: string }): Promise<boolean> {
      return (await Receipts.exists({ callSid: { $eq: filter.callSid }, kind: { $eq: filter.kind } })) !== null;
    },

    /**
     * Runs `act` once per key and answers every delivery with the first one's response. A duplicate
     * that arrives while the first is still being handled gets `busy`.
     */
    async once(key: string, meta: ReceiptMeta, act: () => Promise<string>, busy: string): Promise<string> {
      const claim = await repo.claim(key, meta);
      if (!claim.first) return claim.response ?? busy;
      let response: string;
      try {
        response = await act();
      } catch (err) {
        await repo.release(key).catch(() => undefined);
        throw err;
      }
      await repo.complete(key, response);
      return response;
    },
  };
  return repo;
}

import { API_VERSION, type OutboundSms, type SimContext } from './context';
import { attr, parseTwiml } from './twiml';
import type { MessageStatus, Params, SimMessage, WebhookRecord } from './types';
import { newSid, smsSegments } from './util';
import { succeeded } from './webhooks';

/** Carrier error codes Twilio reports for messages that never arrive. */
const FAILED_CODE = 30008; // unknown error
const UNDELIVERED_CODE = 30003; // unreachable destination handset

export interface InboundSmsResult {
  message: SimMessage;
  webhook: WebhookRecord;
  /** Messages the app answered with (<Message> in its TwiML), already on their way. */
  replies: SimMessage[];
  replyError?: string;
}

/** Outbound SMS delivery (with status callbacks) and inbound SMS to numbers Nightline owns. */
export class MessageService {
  constructor(private readonly ctx: SimContext) {}

  send(sms: OutboundSms): SimMessage {
    const msg = this.record({ ...sms, status: 'queued' });
    this.ctx.track(this.deliver(msg));
    return msg;
  }

  async receive(from: string, to: string, body: string): Promise<InboundSmsResult> {
    const cfg = this.ctx.phones.numberConfig(to);
    if (!cfg?.smsUrl) throw new Error(`Twilio simulator: no smsUrl configured for ${to}`);
    const message = this.record({ from, to, body, direction: 'inbound', status: 'received' });
    message.dateSent = message.dateCreated;
    message.finished = true;
    const params: Params = {
      AccountSid: this.ctx.accountSid,
      ApiVersion: API_VERSION,
      Body: body,
      From: from,
      To: to,
      MessageSid: message.sid,
      SmsMessageSid: message.sid,
      SmsSid: message.sid,
      SmsStatus: 'received',
      NumMedia: '0',
      NumSegments: String(message.numSegments),
    };
    const webhook = await this.ctx.webhooks.send({
      kind: 'incoming-sms',
      url: cfg.smsUrl,
      method: cfg.smsMethod ?? 'POST',
      params,
      messageSid: message.sid,
    });
    const result: InboundSmsResult = { message, webhook, replies: [] };
    if (!succeeded(webhook) || !webhook.responseBody.trim().startsWith('<')) return result;
    try {
      for (const node of parseTwiml(webhook.responseBody).children.filter((n) => n.name === 'Message')) {
        const reply = node.children.find((c) => c.name === 'Body')?.text ?? node.text;
        const statusCallback = attr(node, 'statusCallback');
        const out = {
          to: attr(node, 'to') ?? from,
          from: attr(node, 'from') ?? to,
          body: reply,
          statusCallback,
        };
        result.replies.push(this.send({ ...out, direction: 'outbound-reply' }));
      }
    } catch (err) {
      result.replyError = err instanceof Error ? err.message : String(err);
    }
    return result;
  }

  private record(f: OutboundSms & { status: MessageStatus }): SimMessage {
    const now = new Date();
    const msg: SimMessage = {
      sid: newSid('SM'),
      accountSid: this.ctx.accountSid,
      to: f.to,
      from: f.from,
      body: f.body,
      numSegments: smsSegments(f.body),
      direction: f.direction,
      status: f.status,
      errorCode: null,
      statusCallback: f.statusCallback,
      dateCreated: now,
      dateUpdated: now,
      dateSent: null,
      statusHistory: [f.status],
      finished: false,
    };
    this.ctx.records.messages.push(msg);
    this.ctx.records.changed();
    return msg;
  }

  /** queued → sent → delivered, or → failed / undelivered per the recipient's script. */
  private async deliver(msg: SimMessage): Promise<void> {
    const fate = this.ctx.phones.smsFate(msg.to);
    const epoch = this.ctx.epoch();
    await this.callback(msg, epoch);
    await this.ctx.clock.sleep(0.5, this.ctx.stopping);
    if (fate === 'failed') {
      await this.setStatus(msg, epoch, 'failed', FAILED_CODE);
    } else {
      msg.dateSent = new Date();
      await this.setStatus(msg, epoch, 'sent');
      await this.ctx.clock.sleep(1, this.ctx.stopping);
      await (fate === 'undelivered'
        ? this.setStatus(msg, epoch, 'undelivered', UNDELIVERED_CODE)
        : this.setStatus(msg, epoch, 'delivered'));
    }
    msg.finished = true;
    this.ctx.records.changed();
  }

  private async setStatus(msg: SimMessage, epoch: number, status: MessageStatus, errorCode?: number) {
    msg.status = status;
    msg.statusHistory.push(status);
    msg.dateUpdated = new Date();
    if (errorCode) msg.errorCode = errorCode;
    this.ctx.records.changed();
    await this.callback(msg, epoch);
  }

  /** Status callbacks stop if the simulator was reset since `epoch`. */
  private async callback(msg: SimMessage, epoch: number): Promise<void> {
    if (!msg.statusCallback || epoch !== this.ctx.epoch()) return;
    const params: Params = {
      AccountSid: msg.accountSid,
      ApiVersion: API_VERSION,
      From: msg.from,
      To: msg.to,
      MessageSid: msg.sid,
      SmsSid: msg.sid,
      MessageStatus: msg.status,
      SmsStatus: msg.status,
      ...(msg.errorCode ? { ErrorCode: String(msg.errorCode) } : {}),
    };
    await this.ctx.webhooks.send({
      kind: 'sms-status',
      url: msg.statusCallback,
      params,
      messageSid: msg.sid,
    });
  }
}

import type { SimClock } from './clock';
import type { PhoneBook } from './phones';
import type { SimRecords } from './records';
import type { SimMessage } from './types';
import type { WebhookSender } from './webhooks';

export interface OutboundSms {
  to: string;
  from: string;
  body: string;
  statusCallback?: string;
  direction: SimMessage['direction'];
}

/** What every part of the simulator shares. */
export interface SimContext {
  readonly accountSid: string;
  readonly authToken: string;
  /** http://127.0.0.1:PORT, known once the server listens. */
  baseUrl(): string;
  readonly records: SimRecords;
  readonly phones: PhoneBook;
  readonly webhooks: WebhookSender;
  readonly clock: SimClock;
  /** Records an outbound SMS and runs its delivery in the background. */
  sendSms(sms: OutboundSms): SimMessage;
  /** Keeps a background task so stop() can wait for it; failures are recorded, never thrown. */
  track(task: Promise<unknown>): void;
  /** Bumped by reset(): work begun before it sends no more webhooks. */
  epoch(): number;
  /** Aborted when the simulator stops. */
  readonly stopping: AbortSignal;
}

export const API_VERSION = '2010-04-01';

export const accountPath = (ctx: SimContext): string => `/${API_VERSION}/Accounts/${ctx.accountSid}`;

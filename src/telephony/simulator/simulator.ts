import express from 'express';
import type { AddressInfo } from 'node:net';
import { CallEngine } from './call-engine';
import { SimClock } from './clock';
import type { SimContext } from './context';
import { controlRouter } from './control.routes';
import { MessageService, type InboundSmsResult } from './messages';
import { PhoneBook, PhoneHandle } from './phones';
import { SimRecords } from './records';
import { restRouter, type InjectedFailures } from './rest.routes';
import type { NumberConfig, PhoneBehaviour, SimCall, SimTiming } from './types';
import { WebhookSender } from './webhooks';

export interface TwilioSimulatorOptions {
  accountSid: string;
  authToken: string;
  /** 0 (default) picks a free port. */
  port?: number;
  host?: '127.0.0.1';
  timing?: SimTiming;
}

export interface TwilioSimulator {
  /** Point TwilioProvider's apiBaseUrl here. */
  readonly baseUrl: string;
  readonly accountSid: string;
  readonly authToken: string;
  /** Live records of everything seen and sent, with waitFor helpers. */
  readonly records: SimRecords;
  /** Registers a number Nightline owns and where its inbound calls and SMS go. */
  configureNumber(number: string, cfg: NumberConfig): NumberConfig;
  /** Scripts the phone behind `number`. */
  phone(number: string): PhoneHandle;
  /** Behaviour of phones nobody scripted (default: they ring out). */
  setDefaultBehaviour(b: PhoneBehaviour): PhoneBehaviour;
  /** Delivers an inbound SMS to the number's smsUrl (signed); replies in its TwiML are sent on. */
  sendSms(sms: { from: string; to: string; body: string }): Promise<InboundSmsResult>;
  /** Someone calls a number Nightline owns; returns at once, use records.waitForCallEnd(sid). */
  placeInboundCall(c: { from: string; to: string; script?: PhoneBehaviour }): SimCall;
  /** The next `count` REST requests answer with `status` (Twilio error JSON), e.g. to test retries. */
  failNextRequests(count: number, status?: number): InjectedFailures;
  /** Every REST request for the next `ms` answers with `status` (default 500): an outage. */
  failRequestsFor(ms: number, status?: number): InjectedFailures;
  /** Every REST request for the next `forMs` is held `delayMs` before it is handled: a slow or hung Twilio. */
  slowRequestsFor(forMs: number, delayMs: number): InjectedFailures;
  /** Ends calls in flight without further webhooks, and clears records, scripts and numbers. */
  reset(): void;
  stop(): Promise<void>;
}

const STOP_GRACE_MS = 5000;

export async function startTwilioSimulator(opts: TwilioSimulatorOptions): Promise<TwilioSimulator> {
  if (!/^AC[0-9a-fA-F]{32}$/.test(opts.accountSid))
    throw new Error('accountSid must be AC followed by 32 hex digits');
  const timing = opts.timing ?? {};
  const records = new SimRecords();
  const phones = new PhoneBook();
  const stopper = new AbortController();
  const tasks = new Set<Promise<unknown>>();
  let baseUrl = '';
  let epoch = 0;

  const ctx: SimContext = {
    accountSid: opts.accountSid,
    authToken: opts.authToken,
    baseUrl: () => baseUrl,
    records,
    phones,
    webhooks: new WebhookSender(opts.authToken, records, timing.webhookTimeoutMs ?? 15_000),
    clock: new SimClock(timing.msPerSimSecond ?? 0),
    // `messages` is created just below; this is only called once the simulator runs.
    sendSms: (sms) => messages.send(sms),
    track(task) {
      const t = task.catch((err) => console.error('[twilio-sim] background task failed:', err));
      tasks.add(t);
      void t.finally(() => tasks.delete(t));
    },
    epoch: () => epoch,
    stopping: stopper.signal,
  };
  const messages = new MessageService(ctx);
  const engine = new CallEngine(ctx, timing.callsPerSecond ?? Infinity);
  const failures: InjectedFailures = { count: 0, status: 503 };

  const sim: TwilioSimulator = {
    get baseUrl() {
      return baseUrl;
    },
    accountSid: opts.accountSid,
    authToken: opts.authToken,
    records,
    configureNumber(number, cfg) {
      phones.configureNumber(number, cfg);
      return phones.numberConfig(number) ?? {};
    },
    phone: (number) => new PhoneHandle(phones, number),
    setDefaultBehaviour(b) {
      phones.setDefault(b);
      return b;
    },
    sendSms: ({ from, to, body }) => messages.receive(from, to, body),
    placeInboundCall: ({ from, to, script }) => engine.placeInbound(from, to, script),
    failNextRequests(count, status = 503) {
      Object.assign(failures, { count, status });
      return { ...failures };
    },
    failRequestsFor(ms, status = 500) {
      Object.assign(failures, { failUntil: Date.now() + ms, status });
      return { ...failures };
    },
    slowRequestsFor(forMs, delayMs) {
      Object.assign(failures, { slowUntil: Date.now() + forMs, slowMs: delayMs });
      return { ...failures };
    },
    reset() {
      epoch++;
      Object.assign(failures, { failUntil: 0, slowUntil: 0, slowMs: 0 });
      engine.stopAll();
      records.clear();
      phones.reset();
      failures.count = 0;
    },
    async stop() {
      ctx.webhooks.close();
      stopper.abort();
      engine.stopAll();
      const deadline = Date.now() + STOP_GRACE_MS;
      while (tasks.size > 0 && Date.now() < deadline) {
        await Promise.race([Promise.allSettled([...tasks]), new Promise((r) => setTimeout(r, 100))]);
      }
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  const app = express();
  app.disable('x-powered-by');
  app.use('/2010-04-01/Accounts/:accountSid', restRouter(ctx, engine, messages, failures));
  app.use('/_sim', controlRouter(sim));
  app.use(
    (req, res) =>
      void res
        .status(404)
        .json({ code: 20404, message: `no route for ${req.method} ${req.path}`, status: 404 }),
  );

  const host = opts.host ?? '127.0.0.1';
  const server = app.listen(opts.port ?? 0, host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  baseUrl = `http://${host}:${(server.address() as AddressInfo).port}`;
  return sim;
}

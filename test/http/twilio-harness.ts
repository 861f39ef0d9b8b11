import request from 'supertest';
import { Types, type Connection } from 'mongoose';
import { createAlertRepository } from '../../src/db/alert.repository';
import { notificationAttemptModel } from '../../src/db/notification-attempt.model';
import type { User } from '../../src/db/user.repository';
import type { Severity } from '../../src/domain/escalation.types';
import { signTwilioRequest } from '../../src/telephony/signature';
import type { AlertEngine } from '../../src/temporal/alert-engine';
import type { ActionResult, NotificationOutcomeInput } from '../../workflows/messages';
import { buildTestApp, type TestApp } from '../fixtures/app';
import { warmUpDatabase } from '../fixtures/stack-warmup';
import { expectValidTwiml, type TwimlKind } from '../fixtures/twiml-check';
import { closeTestDb, connectTestDb } from '../setup/mongo';

/** Route tests for /twilio/*: the real app and Mongo, with a recording alert engine instead of Temporal. */

export interface EngineCall {
  method: 'acknowledge' | 'resolve' | 'escalate' | 'notificationOutcome' | 'trigger';
  args: unknown[];
}

/** `conn`: triggers also open the alert in Mongo, as the real engine does before it answers. */
export function fakeEngine(conn?: Connection) {
  const calls: EngineCall[] = [];
  const result = (message: string): ActionResult => ({ ok: true, status: 'acknowledged', currentLevel: 0, message });
  /** error: the next actions throw it; outcomeError: the next provider outcomes throw it (Temporal unreachable). */
  const next: { result?: ActionResult; error?: Error; outcomeError?: Error } = {};
  const answer = async (method: EngineCall['method'], args: unknown[], fallback: ActionResult) => {
    calls.push({ method, args });
    if (next.error) throw next.error;
    return next.result ?? fallback;
  };
  const engine = {
    acknowledge: (...args: unknown[]) => answer('acknowledge', args, result('acknowledged')),
    resolve: (...args: unknown[]) => answer('resolve', args, { ...result('resolved'), status: 'resolved' }),
    escalate: (...args: unknown[]) => answer('escalate', args, { ...result('escalated to level 2'), status: 'triggered', currentLevel: 1 }),
    notificationOutcome: async (alertId: string, o: NotificationOutcomeInput) => {
      calls.push({ method: 'notificationOutcome', args: [alertId, o] });
      if (next.outcomeError) throw next.outcomeError;
    },
    trigger: async (input: { title: string; description?: string; severity: Severity; source: string; escalationPolicyId: string }) => {
      calls.push({ method: 'trigger', args: [input] });
      if (next.error) throw next.error;
      const alertId = new Types.ObjectId().toHexString();
      const createdAt = new Date().toISOString();
      const first = { key: 'triggered', action: 'triggered', actor: input.source, timestamp: createdAt };
      if (conn) await createAlertRepository(conn).open({ ...input, alertId, description: input.description ?? '', createdAt }, `alert:${alertId}`, first);
      return { alertId, deduplicated: false, count: 1 };
    },
  };
  return {
    engine: engine as unknown as AlertEngine,
    calls,
    next,
    of: (method: EngineCall['method']) => calls.filter((c) => c.method === method),
    /** Forgets the calls and any scripted answer, so each test starts from a clean engine. */
    reset: () => {
      calls.length = 0;
      delete next.result;
      delete next.error;
      delete next.outcomeError;
    },
  };
}

export type FakeEngine = ReturnType<typeof fakeEngine>;

export async function buildTwilioApp(env: Record<string, string> = {}): Promise<TestApp & { fake: FakeEngine }> {
  const conn = await connectTestDb();
  const fake = fakeEngine(conn);
  const t = await buildTestApp({ conn, env, deps: { alertEngine: fake.engine } });
  await warmUp(t.conn);
  return { ...t, fake, close: () => closeTestDb(conn) };
}

/** Collections and indexes first: see warmUpDatabase. */
export const warmUp = warmUpDatabase;

/** POSTs a form to a /twilio path signed like Twilio does, or with `signature` when given (forgeries). */
export function twilioPost(t: TestApp, path: string, params: Record<string, string>, signature?: string) {
  const sig = signature ?? signTwilioRequest(t.config.TWILIO_AUTH_TOKEN, `${t.config.PUBLIC_URL}${path}`, params);
  return request(t.app).post(path).type('form').set('X-Twilio-Signature', sig).send(params);
}

/** POSTs and checks the answer is 200 with valid TwiML; returns the XML. */
export async function twiml(t: TestApp, path: string, params: Record<string, string>, kind: TwimlKind = 'voice'): Promise<string> {
  const res = await twilioPost(t, path, params);
  if (res.status !== 200) throw new Error(`POST ${path} → ${res.status}: ${res.text}`);
  expect(res.type).toBe('text/xml');
  return expectValidTwiml(res.text, kind);
}

/** An open alert and a placed page attempt for `user`, as the workflow and notify activity would leave them. */
export async function aPagedAlert(
  t: TestApp,
  user: User,
  over: {
    channel?: 'phone_call' | 'sms';
    level?: string;
    title?: string;
    severity?: Severity;
    status?: 'triggered' | 'acknowledged' | 'resolved';
    /** The person as the page recorded them (pages of current workflows do; older ones did not). */
    asPaged?: { personName: string; personZone: string };
  } = {},
) {
  const alertId = new Types.ObjectId().toHexString();
  const alerts = createAlertRepository(t.conn);
  const createdAt = new Date().toISOString();
  await alerts.open(
    { alertId, title: over.title ?? 'DB down', description: '', severity: over.severity ?? 'critical', source: 'api-prod', escalationPolicyId: 'p1', createdAt },
    `alert:${alertId}`,
    { key: 'triggered', action: 'triggered', actor: 'test', timestamp: createdAt },
  );
  if (over.status && over.status !== 'triggered') await alerts.project(alertId, { status: over.status, resolvedBy: 'Bob', acknowledgedBy: 'Bob' }, []);
  const channel = over.channel ?? 'phone_call';
  const level = over.level ?? '0';
  const key = [alertId, 0, level, 0, user.id, channel].join(':');
  await notificationAttemptModel(t.conn).create({
    key, alertId, round: 0, level, attempt: 0, userId: user.id, channel, recipient: user.phone, providerId: 'CA-or-SM', status: channel === 'sms' ? 'sent' : 'initiated', error: null, ...over.asPaged,
  });
  return { alertId, key, path: (p: string) => `${p}?attempt=${encodeURIComponent(key)}` };
}

/** The timeline entries the webhooks wrote straight to the alert (outcomes that change nothing about paging). */
export async function outcomeEntries(t: Pick<TestApp, 'conn'>, alertId: string): Promise<{ action: string; details?: string }[]> {
  const doc = await createAlertRepository(t.conn).findById(alertId);
  return (doc?.timeline ?? []).filter((e) => e.key.startsWith('outcome:')).map((e) => ({ action: e.action, details: e.details }));
}

import { Types, type Connection } from 'mongoose';
import { createProjectionActivities } from '../../activities/projection.activities';
import { alertModel } from '../../src/db/alert.model';
import { createAlertRepository } from '../../src/db/alert.repository';
import { createNotificationAttemptRepository } from '../../src/db/notification-attempt.repository';
import type { AlertInfo, TimelineEntry } from '../../src/domain/escalation.types';
import { closeTestDb, connectTestDb } from '../setup/mongo';

let conn: Connection;
beforeEach(async () => {
  conn = await connectTestDb('projection');
});
afterEach(async () => {
  await closeTestDb(conn);
});

const alert = (): AlertInfo => ({
  alertId: new Types.ObjectId().toHexString(),
  title: 'DB down',
  description: 'primary unreachable',
  severity: 'critical',
  source: 'prometheus',
  escalationPolicyId: 'p1',
  dedupKey: 'db',
  createdAt: '2026-01-15T02:00:00.000Z',
});
const entry = (key: string, action = key): TimelineEntry => ({ key, action, actor: 'system', timestamp: '2026-01-15T02:01:00.000Z' });

function setup() {
  const alerts = createAlertRepository(conn);
  return { alerts, activities: createProjectionActivities(alerts, createNotificationAttemptRepository(conn)) };
}

test('opening an alert twice (engine and workflow) creates one document with one first entry', async () => {
  const { alerts, activities } = setup();
  const a = alert();
  await activities.openAlert({ alert: a, workflowId: 'dedup:p1:db', first: entry('triggered') });
  await activities.openAlert({ alert: a, workflowId: 'dedup:p1:db', first: entry('triggered') });
  expect(await alertModel(conn).countDocuments()).toBe(1);
  const doc = await alerts.findById(a.alertId);
  expect(doc).toMatchObject({ status: 'triggered', currentLevel: 0, count: 1, workflowId: 'dedup:p1:db', severity: 'critical' });
  expect(doc?.timeline.map((t) => t.key)).toEqual(['triggered']);
  expect(doc?.createdAt.toISOString()).toBe(a.createdAt);
});

test('a retried timeline append adds its entries once, and the patch still applies', async () => {
  const { alerts, activities } = setup();
  const a = alert();
  await activities.openAlert({ alert: a, workflowId: 'w', first: entry('triggered') });
  const batch = { alertId: a.alertId, patch: { currentLevel: 1 }, entries: [entry('escalated:0:1', 'escalated'), entry('level:0:1', 'level_started')] };
  await activities.project(batch);
  await activities.project(batch);
  await activities.project({ alertId: a.alertId, patch: { status: 'acknowledged', acknowledgedBy: 'bob', acknowledgedAt: '2026-01-15T02:03:00.000Z' }, entries: [entry('acknowledged')] });
  const doc = await alerts.findById(a.alertId);
  expect(doc?.timeline.map((t) => t.key)).toEqual(['triggered', 'escalated:0:1', 'level:0:1', 'acknowledged']);
  expect(doc).toMatchObject({ currentLevel: 1, status: 'acknowledged', acknowledgedBy: 'bob' });
  expect(doc?.acknowledgedAt?.toISOString()).toBe('2026-01-15T02:03:00.000Z');
});

test('the open alert of a workflow ID is found, and a resolved one is not', async () => {
  const { alerts, activities } = setup();
  const a = alert();
  await activities.openAlert({ alert: a, workflowId: 'dedup:p1:db', first: entry('triggered') });
  expect((await alerts.findOpenByWorkflowId('dedup:p1:db'))?._id.toHexString()).toBe(a.alertId);
  await activities.project({ alertId: a.alertId, patch: { status: 'resolved', resolvedBy: 'x', resolvedAt: '2026-01-15T03:00:00.000Z' }, entries: [] });
  expect(await alerts.findOpenByWorkflowId('dedup:p1:db')).toBeNull();
  expect(await alerts.findById('not-an-id')).toBeNull();
});

test('a provider outcome is written to the attempt', async () => {
  const { activities } = setup();
  const attempts = createNotificationAttemptRepository(conn);
  await attempts.claim({ key: 'k', alertId: 'a', round: 0, level: '0', attempt: 0, userId: 'u', channel: 'phone_call', recipient: '+1555' });
  await activities.recordAttemptOutcome('k', 'no_answer', 'CA9');
  expect(await attempts.findByKey('k')).toMatchObject({ status: 'no_answer', providerId: 'CA9' });
});

test('one batch opens the alert, appends its entries and records outcomes, and can be retried whole', async () => {
  const { alerts, activities } = setup();
  const attempts = createNotificationAttemptRepository(conn);
  await attempts.claim({ key: 'k', alertId: 'a', round: 0, level: '0', attempt: 0, userId: 'u', channel: 'phone_call', recipient: '+1555' });
  const a = alert();
  const batch = {
    alertId: a.alertId,
    patch: {},
    entries: [entry('level:0:0', 'level_started'), entry('notified:k', 'call_placed')],
    open: { alert: a, workflowId: 'w', first: entry('triggered') },
    outcomes: [{ key: 'k', status: 'answered' as const, providerId: 'CA1' }],
  };
  await activities.project(batch);
  await activities.project(batch);
  const doc = await alerts.findById(a.alertId);
  expect(doc?.timeline.map((t) => t.key)).toEqual(['triggered', 'level:0:0', 'notified:k']);
  expect(await attempts.findByKey('k')).toMatchObject({ status: 'answered', providerId: 'CA1' });
});

test('a batch that finds the alert already opened by the API appends to it; one that does not opens it, patch included', async () => {
  const { alerts, activities } = setup();
  const opened = alert();
  await activities.openAlert({ alert: opened, workflowId: 'w1', first: entry('triggered') });
  const open = (a: AlertInfo, workflowId: string) => ({ alert: a, workflowId, first: entry('triggered') });
  await activities.project({ alertId: opened.alertId, patch: { currentLevel: 1 }, entries: [entry('level:0:1', 'level_started')], open: open(opened, 'w1') });
  expect(await alerts.findById(opened.alertId)).toMatchObject({ currentLevel: 1, workflowId: 'w1', timeline: [{ key: 'triggered' }, { key: 'level:0:1' }] });

  const missing = alert(); // the API died before writing it: the workflow's first batch creates it
  await activities.project({ alertId: missing.alertId, patch: { currentLevel: 2 }, entries: [], open: open(missing, 'w2') });
  expect(await alerts.findById(missing.alertId)).toMatchObject({ currentLevel: 2, status: 'triggered', workflowId: 'w2', timeline: [{ key: 'triggered' }] });
  expect(await alertModel(conn).countDocuments()).toBe(2);
});

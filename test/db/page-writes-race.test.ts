import { Types } from 'mongoose';
import { createAlertRepository } from '../../src/db/alert.repository';
import { notificationAttemptModel, type AttemptStatus } from '../../src/db/notification-attempt.model';
import { createNotificationAttemptRepository } from '../../src/db/notification-attempt.repository';
import { buildTestApp, type TestApp } from '../fixtures/app';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

let n = 0;
async function anAttempt(status: AttemptStatus) {
  const key = `race-${++n}`;
  await notificationAttemptModel(t.conn).create({
    key, alertId: new Types.ObjectId().toHexString(), round: 0, level: '0', attempt: 0, userId: 'u-race', channel: 'phone_call', recipient: '+15550000000', providerId: null, status, error: null,
  });
  return key;
}
const attempt = async (key: string) => notificationAttemptModel(t.conn).findOne({ key }).lean();

describe('the dialler recording a page after its webhooks', () => {
  it('a page placed before any outcome is recorded as placed, with its provider ID', async () => {
    const key = await anAttempt('pending');
    await createNotificationAttemptRepository(t.conn).markPlaced(key, 'CA-placed', 'initiated');
    expect(await attempt(key)).toMatchObject({ status: 'initiated', providerId: 'CA-placed' });
  });

  it.each<AttemptStatus>(['acknowledged_by_keypress', 'answered', 'no_answer'])('an outcome the webhooks recorded first (%s) keeps its status; the attempt gains the provider ID', async (outcome) => {
    const key = await anAttempt(outcome);
    await createNotificationAttemptRepository(t.conn).markPlaced(key, 'CA-late', 'initiated');
    expect(await attempt(key)).toMatchObject({ status: outcome, providerId: 'CA-late' });
  });

  it('a provider ID a webhook recorded already is not replaced', async () => {
    const key = await anAttempt('answered');
    await notificationAttemptModel(t.conn).updateOne({ key }, { $set: { providerId: 'CA-webhook' } });
    await createNotificationAttemptRepository(t.conn).markPlaced(key, 'CA-other', 'initiated');
    expect(await attempt(key)).toMatchObject({ status: 'answered', providerId: 'CA-webhook' });
  });
});

describe('projecting a batch and reading what the alert was, in one write', () => {
  async function anAlert() {
    const alertId = new Types.ObjectId().toHexString();
    const createdAt = new Date('2026-11-30T03:00:00.000Z').toISOString();
    await createAlertRepository(t.conn).open(
      { alertId, title: 'DB down', description: '', severity: 'critical', source: 'test', escalationPolicyId: 'p1', createdAt },
      `alert:${alertId}`,
      { key: 'triggered', action: 'triggered', actor: 'test', timestamp: createdAt },
    );
    return alertId;
  }
  const ack = { status: 'acknowledged' as const, acknowledgedBy: 'Alice', acknowledgedAt: '2026-11-30T03:02:00.000Z' };
  const entry = { key: 'ack:1', action: 'acknowledged', actor: 'Alice', timestamp: ack.acknowledgedAt };

  it('the first write returns the alert as it was; a retried batch applies again but returns no prior state', async () => {
    const alerts = createAlertRepository(t.conn);
    const alertId = await anAlert();
    const first = await alerts.projectReturningPrior(alertId, ack, [entry]);
    expect(first).toEqual({ found: true, prior: { _id: new Types.ObjectId(alertId), status: 'triggered', createdAt: new Date('2026-11-30T03:00:00.000Z') } });
    const retried = await alerts.projectReturningPrior(alertId, ack, [entry]);
    expect(retried).toEqual({ found: true, prior: null });
    const doc = await alerts.findById(alertId);
    expect(doc?.status).toBe('acknowledged');
    expect(doc?.timeline.filter((e) => e.key === 'ack:1')).toHaveLength(1);
  });

  it('an alert that does not exist is reported as not found', async () => {
    expect(await createAlertRepository(t.conn).projectReturningPrior(new Types.ObjectId().toHexString(), ack, [entry])).toEqual({ found: false, prior: null });
  });
});

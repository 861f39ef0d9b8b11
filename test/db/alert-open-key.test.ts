import { createAlertOutbox } from '../../src/db/alert-outbox.repository';
import { createAlertRepository } from '../../src/db/alert.repository';
import { newAlertInfo } from '../../src/temporal/alert-engine';
import { alertWorkflowId } from '../../src/domain/escalation-plan';
import { buildTestApp, type TestApp } from '../fixtures/app';
import { buildLevel, buildPolicy } from '../fixtures/escalation.fixtures';

/** Integrations acknowledge and resolve by dedup key: the open alert is found through its open key (an index lookup). */
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const policy = buildPolicy([buildLevel(['alice'])]);
const aTrigger = (dedupKey: string) => newAlertInfo({ title: 'Disk full', severity: 'high', source: 'test', escalationPolicyId: 'p-open-key', serviceId: 'svc-open-key', dedupKey, policy });

describe('the open key', () => {
  it('finds the alert holding a dedup key while it is open, and nothing once it resolved; the next trigger opens a new one it finds', async () => {
    const alerts = createAlertRepository(t.conn);
    const outbox = createAlertOutbox(t.conn);
    const first = aTrigger('db-down');
    const workflowId = alertWorkflowId(first);
    await outbox.accept(first, workflowId, { policy, announceEvents: true });
    expect(String((await alerts.findByOpenKey(workflowId))?._id)).toBe(first.alertId);
    expect(String((await alerts.findOpenByWorkflowId(workflowId))?._id)).toBe(first.alertId);

    await alerts.project(first.alertId, { status: 'resolved', resolvedBy: 'test', resolvedAt: new Date().toISOString() }, []);
    expect(await alerts.findByOpenKey(workflowId)).toBeNull();
    expect(await alerts.findOpenByWorkflowId(workflowId)).toBeNull();

    const second = aTrigger('db-down');
    expect(alertWorkflowId(second)).toBe(workflowId);
    await outbox.accept(second, workflowId, { policy, announceEvents: true });
    expect(String((await alerts.findByOpenKey(workflowId))?._id)).toBe(second.alertId);
  });
});

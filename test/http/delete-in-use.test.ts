import { Types } from 'mongoose';
import { createAlertRepository } from '../../src/db/alert.repository';
import { aPhone } from '../fixtures/builders';
import { buildTestApp, type TestApp } from '../fixtures/app';
import { warmUpDatabase } from '../fixtures/stack-warmup';
import { aScheduleInDb, aService, aUserInDb, admin, level, policyBody } from '../fixtures/alerting.builders';

/** A schedule or escalation policy that something still uses cannot be deleted: 409, naming every user. */
let t: TestApp;
let api: ReturnType<typeof admin>;
beforeAll(async () => {
  t = await buildTestApp();
  await warmUpDatabase(t.conn);
  api = admin(t);
});
afterAll(async () => {
  await t.close();
});

async function aSchedule() {
  return aScheduleInDb(t.conn, [(await aUserInDb(t.conn)).id]);
}
async function aPolicyPaging(target: { type: 'user' | 'schedule'; id: string }, name = 'Ops ladder') {
  return (await api.post('/escalation-policies', policyBody([level([target])], { name }))).body as { id: string };
}
async function aPhoneLine(over: Record<string, unknown>) {
  const res = await api.post('/phone-lines', { number: aPhone(), name: 'Acme after hours', ...over });
  expect(res.status).toBe(201);
  return res.body as { id: string };
}
async function anAlert(escalationPolicyId: string, status: 'triggered' | 'acknowledged' | 'resolved' = 'triggered') {
  const alertId = new Types.ObjectId().toHexString();
  const alerts = createAlertRepository(t.conn);
  const createdAt = new Date().toISOString();
  await alerts.open({ alertId, title: 'Disk full', description: '', severity: 'high', source: 'test', escalationPolicyId, createdAt }, `alert:${alertId}`, { key: 'triggered', action: 'triggered', actor: 'test', timestamp: createdAt });
  if (status !== 'triggered') await alerts.project(alertId, { status }, []);
  return alertId;
}

describe('deleting what is still in use', () => {
  it('a schedule a phone line rings cannot be deleted: 409 names the line, and it goes once the line points elsewhere', async () => {
    const schedule = await aSchedule();
    const other = await aSchedule();
    const line = await aPhoneLine({ scheduleId: schedule.id });
    const refused = await api.del(`/schedules/${schedule.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain(`phone line "Acme after hours" (${line.id})`);
    expect(refused.body.error.details).toEqual({ phoneLines: [line.id] });
    expect((await api.patch(`/phone-lines/${line.id}`, { scheduleId: other.id })).status).toBe(200);
    expect((await api.del(`/schedules/${schedule.id}`)).status).toBe(204);
  });

  it('a schedule a policy pages cannot be deleted: 409 names the policy', async () => {
    const schedule = await aSchedule();
    const policy = await aPolicyPaging({ type: 'schedule', id: schedule.id }, 'Database ladder');
    const refused = await api.del(`/schedules/${schedule.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain(`escalation policy "Database ladder" (${policy.id})`);
    expect(refused.body.error.details).toEqual({ policies: [policy.id] });
  });

  it("a schedule's open alerts raised through its phone line are named too", async () => {
    const schedule = await aSchedule();
    const line = await aPhoneLine({ scheduleId: schedule.id });
    const open = await anAlert(`phone-line:${line.id}`);
    await anAlert(`phone-line:${line.id}`, 'resolved');
    const refused = await api.del(`/schedules/${schedule.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.details).toEqual({ phoneLines: [line.id], openAlerts: [open] });
    expect(refused.body.error.message).toContain(`open alert "Disk full" (${open})`);
  });

  it('a policy a phone line pages through cannot be deleted: 409 names the line', async () => {
    const policy = await aPolicyPaging({ type: 'user', id: (await aUserInDb(t.conn)).id });
    const line = await aPhoneLine({ escalationPolicyId: policy.id });
    const refused = await api.del(`/escalation-policies/${policy.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.details).toEqual({ phoneLines: [line.id] });
    expect(refused.body.error.message).toContain(`phone line "Acme after hours" (${line.id})`);
  });

  it('a policy a service routes to cannot be deleted: 409 names the service', async () => {
    const policy = await aPolicyPaging({ type: 'user', id: (await aUserInDb(t.conn)).id });
    const service = await aService(t, policy.id, 'Checkout API');
    const refused = await api.del(`/escalation-policies/${policy.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain(`service "Checkout API" (${service.id})`);
  });

  it('a policy with an open (triggered or acknowledged) alert cannot be deleted; once resolved, it can', async () => {
    const policy = await aPolicyPaging({ type: 'user', id: (await aUserInDb(t.conn)).id });
    const triggered = await anAlert(policy.id);
    const acked = await anAlert(policy.id, 'acknowledged');
    await anAlert(policy.id, 'resolved');
    const refused = await api.del(`/escalation-policies/${policy.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.details).toEqual({ openAlerts: expect.arrayContaining([triggered, acked]) });
    await createAlertRepository(t.conn).project(triggered, { status: 'resolved' }, []);
    await createAlertRepository(t.conn).project(acked, { status: 'resolved' }, []);
    expect((await api.del(`/escalation-policies/${policy.id}`)).status).toBe(204);
  });

  it('an unknown schedule or policy is still 404, not 409', async () => {
    const id = new Types.ObjectId().toHexString();
    expect((await api.del(`/schedules/${id}`)).status).toBe(404);
    expect((await api.del(`/escalation-policies/${id}`)).status).toBe(404);
  });
});

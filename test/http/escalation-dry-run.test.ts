import { buildTestApp, type TestApp } from '../fixtures/app';
import { warmUpDatabase } from '../fixtures/stack-warmup';
import { aScheduleInDb, aUserInDb, admin, level, policyBody } from '../fixtures/alerting.builders';

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

type Step = { at: string; level: number; attempt: number; people: { name: string; deliver: string[]; deferUntil: string | null }[]; gaps: unknown[] };

describe('escalation policy dry run', () => {
  it('when a two-level policy fires at a chosen time, it lists who is paged when and on which channels, as the workflow would', async () => {
    const alice = await aUserInDb(t.conn, { name: 'Alice Dry', notificationPrefs: { channels: ['phone_call', 'sms'] } });
    const bob = await aUserInDb(t.conn, { name: 'Bob Dry', notificationPrefs: { channels: ['phone_call'] } });
    const schedule = await aScheduleInDb(t.conn, [alice.id], { timezone: 'UTC', startDate: '2026-01-05' });
    const policy = await api.post(
      '/escalation-policies',
      policyBody([
        level([{ type: 'schedule', id: schedule.id }], { delayMinutes: 5, repeatCount: 1, retryIntervalMinutes: 2 }),
        level([{ type: 'user', id: bob.id }], { delayMinutes: 10 }),
      ]),
    );
    expect(policy.status).toBe(201);
    const res = await api.post(`/escalation-policies/${policy.body.id}/dry-run`, { at: '2026-12-24T22:00:00Z', severity: 'critical' });
    expect(res.status).toBe(200);
    const steps = res.body.steps as Step[];
    expect(steps.map((s) => [s.at, s.level, s.attempt, s.people.map((p) => `${p.name}:${p.deliver.join('+')}`).join(',')])).toEqual([
      ['2026-12-24T22:00:00.000Z', 0, 0, 'Alice Dry:phone_call+sms'],
      ['2026-12-24T22:02:00.000Z', 0, 1, 'Alice Dry:phone_call+sms'],
      ['2026-12-24T22:07:00.000Z', 1, 0, 'Bob Dry:phone_call'],
    ]);
    expect(res.body.exhaustedAt).toBe('2026-12-24T22:17:00.000Z');
  });

  it('when the person is in quiet hours and the alert is medium, the dry run says the page waits until they end', async () => {
    const carol = await aUserInDb(t.conn, { name: 'Carol Quiet', timezone: 'UTC', notificationPrefs: { channels: ['sms'], quietHours: { start: '22:00', end: '07:00' } } });
    const policy = await api.post('/escalation-policies', policyBody([level([{ type: 'user', id: carol.id }], { delayMinutes: 5 })]));
    const res = await api.post(`/escalation-policies/${policy.body.id}/dry-run`, { at: '2026-12-24T23:30:00Z', severity: 'medium' });
    expect(res.status).toBe(200);
    const [step] = res.body.steps as Step[];
    expect(step?.people[0]).toMatchObject({ name: 'Carol Quiet', deliver: [], deferUntil: '2026-12-25T07:00:00.000Z' });
  });

  it('when the person is in quiet hours and the alert is high, the dry run says the text goes now and email and Slack wait', async () => {
    const erin = await aUserInDb(t.conn, { name: 'Erin Quiet', timezone: 'UTC', notificationPrefs: { channels: ['phone_call', 'email', 'slack'], quietHours: { start: '22:00', end: '07:00' } } });
    const policy = await api.post('/escalation-policies', policyBody([level([{ type: 'user', id: erin.id }], { delayMinutes: 5 })]));
    const res = await api.post(`/escalation-policies/${policy.body.id}/dry-run`, { at: '2026-12-24T23:30:00Z', severity: 'high' });
    expect(res.status).toBe(200);
    const [step] = res.body.steps as Step[];
    expect(step?.people[0]).toMatchObject({ name: 'Erin Quiet', deliver: ['sms'], deferUntil: null, later: { channels: ['email', 'slack'], at: '2026-12-25T07:00:00.000Z' } });
  });

  it('answers 400 naming the field for a bad severity, and 404 for an unknown policy', async () => {
    const dave = await aUserInDb(t.conn, { name: 'Dave Dry' });
    const policy = await api.post('/escalation-policies', policyBody([level([{ type: 'user', id: dave.id }], { delayMinutes: 5 })]));
    const bad = await api.post(`/escalation-policies/${policy.body.id}/dry-run`, { severity: 'sev1' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { field: string }) => d.field)).toContain('severity');
    const missing = await api.post('/escalation-policies/000000000000000000000000/dry-run', {});
    expect(missing.status).toBe(404);
  });
});

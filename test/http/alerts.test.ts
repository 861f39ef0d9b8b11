import { startAlertingStack, type AlertingStack } from '../fixtures/alerting-stack';
import { aPolicy, aService, aUserInDb, admin, alertBody, eventually, level, policyBody, testTemporalAddress } from '../fixtures/alerting.builders';

jest.setTimeout(60_000);

let s: AlertingStack;
let api: ReturnType<typeof admin>;
beforeAll(async () => {
  s = await startAlertingStack({ temporalAddress: testTemporalAddress() });
  api = admin(s);
});
afterAll(async () => {
  await s?.stop();
});

const callsTo = (phone: string) => s.sim.records.calls.filter((c) => c.to === phone);
const waitForCall = (phone: string) => s.sim.records.waitFor(() => callsTo(phone)[0], 15_000, `a call to ${phone}`);

/** Two levels: `first` is phoned at once, `second` five minutes later (or when someone escalates). */
async function twoLevels() {
  const [first, second] = [await aUserInDb(s.conn), await aUserInDb(s.conn)];
  const policy = (
    await api.post(
      '/escalation-policies',
      policyBody([level([{ type: 'user', id: first.id }]), level([{ type: 'user', id: second.id }])]),
    )
  ).body;
  return { first, second, policy };
}

describe('alerts API', () => {
  it('answers 202 once the workflow runs, and the first level is phoned through Twilio', async () => {
    const { first, policy } = await twoLevels();
    const res = await api.post('/alerts', alertBody(policy.id));
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ id: expect.stringMatching(/^[0-9a-f]{24}$/), status: 'triggered', deduplicated: false, count: 1 });
    const call = await waitForCall(first.phone);
    expect(call.request.url).toContain('/twilio/voice/page');
    const got = await eventually(async () => {
      const r = await api.get(`/alerts/${res.body.id}`);
      expect(r.body.notificationAttempts).toContainEqual(
        expect.objectContaining({ level: 0, attempt: 0, userId: first.id, channel: 'phone_call', recipient: first.phone, providerId: call.sid }),
      );
      return r;
    });
    expect(got.body).toMatchObject({ title: 'Database is down', severity: 'critical', status: 'triggered', currentLevel: 0, escalationPolicyId: policy.id });
    expect(got.body.timeline[0]).toMatchObject({ action: 'triggered', actor: 'test' });
    expect(got.body).not.toHaveProperty('_id');
  });

  it('a second alert with the same dedup key pages nobody new and is counted', async () => {
    const { first, policy } = await twoLevels();
    const a = await api.post('/alerts', alertBody(policy.id, { dedupKey: 'disk-full' }));
    const b = await api.post('/alerts', alertBody(policy.id, { dedupKey: 'disk-full' }));
    expect(b.status).toBe(202);
    expect(b.body).toMatchObject({ id: a.body.id, deduplicated: true, count: 2 });
    await waitForCall(first.phone);
    await eventually(async () => expect((await api.get(`/alerts/${a.body.id}`)).body.count).toBe(2));
    await new Promise((r) => setTimeout(r, 300));
    expect(callsTo(first.phone)).toHaveLength(1);
  });

  it('acknowledge stops the paging; a second acknowledge is harmless and says so', async () => {
    const { first, policy } = await twoLevels();
    const { id } = (await api.post('/alerts', alertBody(policy.id))).body;
    await waitForCall(first.phone);
    const ack = await api.post(`/alerts/${id}/acknowledge`, { by: first.name });
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ id, ok: true, status: 'acknowledged' });
    const again = await api.post(`/alerts/${id}/acknowledge`, { by: 'someone else' });
    expect(again.body).toMatchObject({ ok: false, alreadyEnded: true, status: 'acknowledged' });
    await eventually(async () =>
      expect((await api.get(`/alerts/${id}`)).body).toMatchObject({ status: 'acknowledged', acknowledgedBy: first.name, acknowledgedAt: expect.any(String) }),
    );
  });

  it('resolve with a note ends the alert; resolving it again answers 200 with alreadyEnded', async () => {
    const { policy } = await twoLevels();
    const { id } = (await api.post('/alerts', alertBody(policy.id))).body;
    const res = await api.post(`/alerts/${id}/resolve`, { by: 'ops', note: 'failed over' });
    expect(res.body).toMatchObject({ ok: true, status: 'resolved' });
    await eventually(async () =>
      expect((await api.get(`/alerts/${id}`)).body).toMatchObject({ status: 'resolved', resolvedBy: 'ops', resolutionNote: 'failed over' }),
    );
    const again = await api.post(`/alerts/${id}/resolve`, {});
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ alreadyEnded: true, status: 'resolved', message: expect.stringContaining('already resolved') });
    const ack = await api.post(`/alerts/${id}/acknowledge`, {});
    expect(ack.body).toMatchObject({ alreadyEnded: true });
  });

  it('escalate moves up one level from the current one; a stale press as of level 1 changes nothing', async () => {
    const { first, second, policy } = await twoLevels();
    const { id } = (await api.post('/alerts', alertBody(policy.id))).body;
    await waitForCall(first.phone);
    const up = await api.post(`/alerts/${id}/escalate`, { by: 'ops' });
    expect(up.body).toMatchObject({ ok: true, currentLevel: 1 });
    await waitForCall(second.phone);
    const stale = await api.post(`/alerts/${id}/escalate`, { by: 'late presser', asOfLevel: 0 });
    expect(stale.body).toMatchObject({ ok: false, currentLevel: 1 });
    await eventually(async () => expect((await api.get(`/alerts/${id}`)).body.currentLevel).toBe(1));
  });

  it('unknown or malformed alert ids are 404 for reads and actions', async () => {
    for (const id of ['0123456789abcdef01234567', 'nope']) {
      expect((await api.get(`/alerts/${id}`)).status).toBe(404);
      for (const action of ['acknowledge', 'resolve', 'escalate']) expect((await api.post(`/alerts/${id}/${action}`)).status).toBe(404);
    }
  });

  it('rejects bad input with field-named 400s and pages nobody', async () => {
    const { policy } = await twoLevels();
    const bad = await api.post('/alerts', alertBody(policy.id, { severity: 'urgent', title: '' }));
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['severity', 'title']);
    const unknown = await api.post('/alerts', alertBody('0123456789abcdef01234567'));
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0].field).toBe('escalationPolicyId');
    const badAction = await api.post(`/alerts/0123456789abcdef01234567/escalate`, { asOfLevel: -1 });
    expect(badAction.status).toBe(400);
  });

  it('lists alerts newest first, filtered by status, severity, time range and service, a page at a time', async () => {
    const u = await aUserInDb(s.conn);
    const policy = await aPolicy(s, [u.id]);
    const service = await aService(s, policy.id);
    const since = new Date().toISOString();
    const ids: string[] = [];
    for (const severity of ['low', 'medium', 'low']) {
      ids.push((await api.post('/alerts', alertBody(policy.id, { severity, serviceId: service.id }))).body.id);
    }
    await api.post(`/alerts/${ids[0]}/resolve`, {});
    const mine = `serviceId=${service.id}`;
    const all = await api.get(`/alerts?${mine}`);
    expect(all.body.data.map((a: { id: string }) => a.id)).toEqual([...ids].reverse());
    expect((await api.get(`/alerts?${mine}&severity=low`)).body.total).toBe(2);
    await eventually(async () => expect((await api.get(`/alerts?${mine}&status=triggered,acknowledged`)).body.total).toBe(2));
    expect((await api.get(`/alerts?${mine}&since=${since}&until=${new Date().toISOString()}`)).body.total).toBe(3);
    expect((await api.get(`/alerts?${mine}&until=${since}`)).body.total).toBe(0);
    const page = await api.get(`/alerts?${mine}&limit=1&offset=1`);
    expect(page.body).toMatchObject({ total: 3, limit: 1, offset: 1, data: [{ id: ids[1] }] });
    expect((await api.get('/alerts?status=open')).status).toBe(400);
    expect((await api.get('/alerts?since=yesterday')).status).toBe(400);
  });

  it('a list filter with times that are not ISO instants is refused with 400 naming the field, not a 500', async () => {
    const res = await api.get('/alerts?offset=380&serviceId=3bacd8ab2c2d3011e2f31a36&since=%C3%8B%C3%84%227&until=+%F0%B8%85%B9');
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.error)).toMatch(/since|until/);
  });
});

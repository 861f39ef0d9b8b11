import request from 'supertest';
import { startAlertingStack, type AlertingStack } from '../fixtures/alerting-stack';
import { aPolicy, aService, aUserInDb, admin, eventually, testTemporalAddress, type ServiceRes } from '../fixtures/alerting.builders';

jest.setTimeout(60_000);

let s: AlertingStack;
let api: ReturnType<typeof admin>;
let service: ServiceRes;
let onCallPhone: string;
beforeAll(async () => {
  s = await startAlertingStack({ temporalAddress: testTemporalAddress() });
  api = admin(s);
  const u = await aUserInDb(s.conn);
  onCallPhone = u.phone;
  service = await aService(s, (await aPolicy(s, [u.id])).id, 'Payments');
});
afterAll(async () => {
  await s?.stop();
});

const enqueue = (body: unknown) => request(s.app).post('/v2/enqueue').send(body as object);
const event = (over: Record<string, unknown> = {}, payload: Record<string, unknown> = {}) => ({
  routing_key: service.routingKey,
  event_action: 'trigger',
  payload: { summary: 'Checkout error rate above 5%', source: 'prometheus-eu-1', severity: 'error', ...payload },
  ...over,
});
const alertsOfService = async () => (await api.get(`/alerts?serviceId=${service.id}&limit=200`)).body.data as { id: string; dedupKey: string; status: string }[];
const alertWithKey = async (key: string) => (await alertsOfService()).filter((a) => a.dedupKey === key);

describe('PagerDuty Events API v2 at /v2/enqueue', () => {
  it('a trigger without a dedup key is accepted with a generated key, opens an alert and phones the on-call person', async () => {
    const res = await enqueue(event({}, { component: 'api', group: 'checkout', class: 'error-rate', custom_details: { 'p99.ms': 950, $where: 'x' } }));
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ status: 'success', message: 'Event processed', dedup_key: expect.stringMatching(/^[0-9a-f]{32}$/) });
    const [alert] = await alertWithKey(res.body.dedup_key);
    const got = (await api.get(`/alerts/${alert!.id}`)).body;
    expect(got).toMatchObject({ title: 'Checkout error rate above 5%', severity: 'high', source: 'prometheus-eu-1', serviceId: service.id });
    expect(got.integration).toMatchObject({
      integration: 'events-api-v2',
      component: 'api',
      group: 'checkout',
      class: 'error-rate',
      customDetails: { 'p99.ms': 950, $where: 'x' },
    });
    await s.sim.records.waitFor(() => s.sim.records.calls.find((c) => c.to === onCallPhone), 15_000, 'the page');
  });

  it.each([
    ['critical', 'critical'],
    ['error', 'high'],
    ['warning', 'medium'],
    ['info', 'low'],
  ])('PagerDuty severity %s becomes %s', async (pd, ours) => {
    const res = await enqueue(event({ dedup_key: `sev-${pd}` }, { severity: pd }));
    expect(res.status).toBe(202);
    const [alert] = await alertWithKey(`sev-${pd}`);
    expect((await api.get(`/alerts/${alert!.id}`)).body.severity).toBe(ours);
  });

  it('a repeated trigger folds into the open alert; acknowledge then resolve find it by dedup key', async () => {
    const key = 'db-primary-down';
    expect((await enqueue(event({ dedup_key: key }))).status).toBe(202);
    expect((await enqueue(event({ dedup_key: key }))).body.dedup_key).toBe(key);
    const [alert, ...others] = await alertWithKey(key);
    expect(others).toEqual([]);
    await eventually(async () => expect((await api.get(`/alerts/${alert!.id}`)).body.count).toBe(2));

    const ack = await enqueue({ routing_key: service.routingKey, event_action: 'acknowledge', dedup_key: key });
    expect(ack.status).toBe(202);
    expect(ack.body).toEqual({ status: 'success', message: 'Event processed', dedup_key: key });
    await eventually(async () => expect((await api.get(`/alerts/${alert!.id}`)).body).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'events-api-v2 (Payments)' }));

    expect((await enqueue({ routing_key: service.routingKey, event_action: 'resolve', dedup_key: key })).status).toBe(202);
    await eventually(async () => expect((await api.get(`/alerts/${alert!.id}`)).body.status).toBe('resolved'));
  });

  it('a trigger whose dedup key belongs to a resolved alert opens a new alert', async () => {
    const key = 'flapping-disk';
    await enqueue(event({ dedup_key: key }));
    await enqueue({ routing_key: service.routingKey, event_action: 'resolve', dedup_key: key });
    const [first] = await alertWithKey(key);
    await eventually(async () => expect((await api.get(`/alerts/${first!.id}`)).body.status).toBe('resolved'));
    expect((await enqueue(event({ dedup_key: key }))).status).toBe(202);
    const both = await alertWithKey(key);
    expect(both.map((a) => a.status).sort()).toEqual(['resolved', 'triggered']);
  });

  it('acknowledge or resolve for a key with no open alert is accepted and changes nothing', async () => {
    const res = await enqueue({ routing_key: service.routingKey, event_action: 'resolve', dedup_key: 'never-seen' });
    expect(res.status).toBe(202);
    expect(await alertWithKey('never-seen')).toEqual([]);
  });

  it.each([
    ['no routing key', () => event({ routing_key: undefined }), 'routing_key'],
    ['a routing key of the wrong length', () => event({ routing_key: 'short' }), 'routing_key: must be 32 characters'],
    ['an unknown routing key', () => event({ routing_key: 'f'.repeat(32) }), 'routing_key: no service has this routing key'],
    ['an unknown event action', () => event({ event_action: 'snooze' }), 'event_action'],
    ['a summary over 1024 characters', () => event({}, { summary: 'x'.repeat(1025) }), 'payload.summary'],
    ['a dedup key over 255 characters', () => event({ dedup_key: 'k'.repeat(256) }), 'dedup_key'],
    ['an unknown severity', () => event({}, { severity: 'high' }), 'payload.severity'],
    ['no source', () => event({}, { source: undefined }), 'payload.source'],
    ['a trigger without payload', () => event({ payload: undefined }), 'payload: is required for a trigger'],
    ['an acknowledge without dedup key', () => ({ routing_key: 'r'.repeat(32), event_action: 'acknowledge' }), 'dedup_key: is required for acknowledge'],
    ['a JSON array', () => [], 'body must be a JSON object'],
  ])('rejects an event with %s: 400 invalid event naming the problem', async (_what, body, problem) => {
    const res = await enqueue(body());
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ status: 'invalid event', message: 'Event object is invalid', errors: expect.arrayContaining([expect.stringContaining(problem)]) });
  });

  it('rejects a body that is not JSON (400) or larger than 512 KB (413) in the same shape', async () => {
    const bad = await request(s.app).post('/v2/enqueue').set('Content-Type', 'application/json').send('{"routing_key":');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ status: 'invalid event', errors: ['body is not valid JSON'] });
    const huge = await enqueue(event({}, { custom_details: { blob: 'x'.repeat(600 * 1024) } }));
    expect(huge.status).toBe(413);
    expect(huge.body).toMatchObject({ status: 'invalid event' });
  });
});

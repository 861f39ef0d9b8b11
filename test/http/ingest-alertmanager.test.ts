import request from 'supertest';
import { startAlertingStack, type AlertingStack } from '../fixtures/alerting-stack';
import { aPolicy, aService, aUserInDb, admin, eventually, testTemporalAddress, type ServiceRes } from '../fixtures/alerting.builders';

jest.setTimeout(60_000);

let s: AlertingStack;
let api: ReturnType<typeof admin>;
let service: ServiceRes;
beforeAll(async () => {
  s = await startAlertingStack({ temporalAddress: testTemporalAddress() });
  api = admin(s);
  service = await aService(s, (await aPolicy(s, [(await aUserInDb(s.conn)).id])).id, 'Web');
});
afterAll(async () => {
  await s?.stop();
});

type Am = { status: 'firing' | 'resolved'; fingerprint?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
const amAlert = (a: Am) => ({
  labels: { alertname: 'HighLatency', instance: 'web-1:9100', severity: 'warning' },
  annotations: { summary: 'p99 latency above 2s', description: 'for 5 minutes' },
  startsAt: '2026-06-16T01:00:00Z',
  endsAt: a.status === 'resolved' ? '2026-06-16T01:10:00Z' : '0001-01-01T00:00:00Z',
  generatorURL: 'http://prometheus.test/graph',
  ...a,
});
const notify = (alerts: Am[], key = service.routingKey) =>
  request(s.app)
    .post(`/integrations/alertmanager/${key}`)
    .send({ version: '4', groupKey: '{}:{alertname="HighLatency"}', status: alerts[0]?.status ?? 'firing', receiver: 'nightline', alerts: alerts.map(amAlert) });
const byFingerprint = async (fp: string) =>
  ((await api.get(`/alerts?serviceId=${service.id}&limit=200`)).body.data as { id: string; dedupKey: string }[]).filter((a) => a.dedupKey === `alertmanager:${fp}`);
const alert = async (fp: string) => (await api.get(`/alerts/${(await byFingerprint(fp))[0]!.id}`)).body;

describe('Alertmanager webhook at /integrations/alertmanager/:routingKey', () => {
  it('a firing alert opens a Nightline alert titled by its summary, with mapped severity and its labels kept', async () => {
    const res = await notify([{ status: 'firing', fingerprint: 'fp-latency' }]);
    expect(res.status).toBe(200);
    expect(res.body.results).toEqual([expect.objectContaining({ action: 'trigger', dedupKey: 'alertmanager:fp-latency', deduplicated: false })]);
    expect(await alert('fp-latency')).toMatchObject({
      title: 'p99 latency above 2s',
      severity: 'medium',
      source: 'web-1:9100',
      status: 'triggered',
      integration: { integration: 'alertmanager', fingerprint: 'fp-latency', labels: { alertname: 'HighLatency' } },
    });
  });

  it('a repeated firing notification folds into the open alert; the resolved one resolves it', async () => {
    await notify([{ status: 'firing', fingerprint: 'fp-repeat' }]);
    const again = await notify([{ status: 'firing', fingerprint: 'fp-repeat' }]);
    expect(again.body.results[0]).toMatchObject({ deduplicated: true });
    expect(await byFingerprint('fp-repeat')).toHaveLength(1);
    const resolved = await notify([{ status: 'resolved', fingerprint: 'fp-repeat' }]);
    expect(resolved.body.results[0]).toMatchObject({ action: 'resolve', alertId: expect.any(String) });
    await eventually(async () => expect(await alert('fp-repeat')).toMatchObject({ status: 'resolved', resolvedBy: 'alertmanager (Web)', count: 2 }));
  });

  it('one notification can fire one alert and resolve another', async () => {
    await notify([{ status: 'firing', fingerprint: 'fp-old' }]);
    const res = await notify([
      { status: 'resolved', fingerprint: 'fp-old' },
      { status: 'firing', fingerprint: 'fp-new', labels: { alertname: 'DiskFull', severity: 'critical' }, annotations: {} },
    ]);
    expect(res.body.results.map((r: { action: string }) => r.action)).toEqual(['resolve', 'trigger']);
    await eventually(async () => expect((await alert('fp-old')).status).toBe('resolved'));
    expect(await alert('fp-new')).toMatchObject({ title: 'DiskFull', severity: 'critical', status: 'triggered' });
  });

  it.each([
    ['critical', 'critical'],
    ['P2', 'high'],
    ['warn', 'medium'],
    ['info', 'low'],
    ['something-odd', 'high'],
  ])('label severity=%s pages as %s', async (label, ours) => {
    const fp = `fp-sev-${label}`;
    await notify([{ status: 'firing', fingerprint: fp, labels: { alertname: 'X', severity: label } }]);
    expect((await alert(fp)).severity).toBe(ours);
  });

  it('without a fingerprint, the same labels are the same alert', async () => {
    const labels = { alertname: 'NoFingerprint', job: 'batch' };
    const first = await notify([{ status: 'firing', labels }]);
    const second = await notify([{ status: 'firing', labels: { job: 'batch', alertname: 'NoFingerprint' } }]);
    expect(second.body.results[0].alertId).toBe(first.body.results[0].alertId);
  });

  it('answers 404 for an unknown routing key and 400 for a malformed notification', async () => {
    const unknown = await notify([{ status: 'firing', fingerprint: 'x' }], 'f'.repeat(32));
    expect(unknown.status).toBe(404);
    const noAlerts = await request(s.app).post(`/integrations/alertmanager/${service.routingKey}`).send({ version: '4' });
    expect(noAlerts.status).toBe(400);
    expect(noAlerts.body.error).toMatchObject({ code: 'invalid_notification', details: [expect.stringContaining('alerts')] });
    const wrongVersion = await request(s.app).post(`/integrations/alertmanager/${service.routingKey}`).send({ version: '3', alerts: [] });
    expect(wrongVersion.status).toBe(400);
  });
});

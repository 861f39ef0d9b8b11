import { alertmanagerSeverity, fromAlertmanager, fromPdEvent, pdSeverity, type AmAlert } from '../../src/domain/ingest';

describe('PagerDuty severities map onto Nightline severities', () => {
  it.each([
    ['critical', 'critical'],
    ['error', 'high'],
    ['warning', 'medium'],
    ['info', 'low'],
  ] as const)('%s becomes %s', (pd, ours) => expect(pdSeverity(pd)).toBe(ours));
});

describe('a PagerDuty event becomes an ingestion event', () => {
  it('a trigger keeps the summary as title and the component, group and class as readable facts', () => {
    const ev = fromPdEvent(
      { event_action: 'trigger', payload: { summary: 'Disk 95% full', source: 'db-1', severity: 'warning', component: 'postgres', class: 'disk', custom_details: { free: '5%' } } },
      'k1',
    );
    expect(ev).toEqual({
      action: 'trigger',
      dedupKey: 'k1',
      title: 'Disk 95% full',
      description: 'component: postgres\nclass: disk',
      severity: 'medium',
      source: 'db-1',
      details: { integration: 'events-api-v2', component: 'postgres', class: 'disk', customDetails: { free: '5%' } },
    });
  });

  it('acknowledge and resolve carry only the dedup key', () => {
    expect(fromPdEvent({ event_action: 'resolve', dedup_key: 'k2' }, 'k2')).toEqual({ action: 'resolve', dedupKey: 'k2' });
  });
});

describe('Alertmanager severities are mapped tolerantly', () => {
  it.each([
    ['critical', 'critical'],
    ['PAGE', 'critical'],
    ['error', 'high'],
    ['warning', 'medium'],
    [' Info ', 'low'],
    ['none', 'low'],
    ['bananas', 'high'],
    [undefined, 'high'],
  ])('severity label %p pages as %s', (label, ours) => expect(alertmanagerSeverity(label)).toBe(ours));
});

describe('an Alertmanager notification becomes one event per alert, keyed by fingerprint', () => {
  const alert = (over: Partial<AmAlert>): AmAlert => ({ status: 'firing', labels: { alertname: 'HighLoad' }, annotations: {}, fingerprint: 'f1', ...over });

  it('a firing alert is titled by its summary, else its alert name, and sourced by its instance', () => {
    const [withSummary, bare] = fromAlertmanager({
      alerts: [
        alert({ annotations: { summary: 'Load above 10', description: 'for 5m' }, labels: { alertname: 'HighLoad', instance: 'web-1', severity: 'critical' } }),
        alert({ fingerprint: 'f2' }),
      ],
    });
    expect(withSummary).toMatchObject({ action: 'trigger', dedupKey: 'alertmanager:f1', title: 'Load above 10', severity: 'critical', source: 'web-1' });
    expect(withSummary).toMatchObject({ description: 'for 5m\nlabels: alertname=HighLoad, instance=web-1, severity=critical' });
    expect(bare).toMatchObject({ dedupKey: 'alertmanager:f2', title: 'HighLoad', severity: 'high', source: 'alertmanager' });
  });

  it('a resolved alert resolves the alert with the same fingerprint', () => {
    expect(fromAlertmanager({ alerts: [alert({ status: 'resolved', endsAt: '2026-06-16T01:10:00Z' })] })).toEqual([
      { action: 'resolve', dedupKey: 'alertmanager:f1', note: 'resolved in Alertmanager at 2026-06-16T01:10:00Z' },
    ]);
  });
});

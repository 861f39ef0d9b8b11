import { file, runCli } from './run-cli';

jest.setTimeout(60_000);

describe('nightline who', () => {
  const runbook = file('nightdesk-runbook.json');

  it('on a Monday evening in Chicago (01:00 UTC Tuesday) the NightDesk rotation still pages the outgoing Alice', async () => {
    const r = await runCli(['who', '--file', runbook, '--at', '2026-06-23T01:00:00Z']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ name: 'Alice', phone: '+15551234567' });
    expect(out.escalation_rules).toEqual([{ trigger: 'server down', page: 'Alice', method: 'sms' }]);
  });

  it('after midnight Chicago time on Tuesday the incoming Bob is on call', async () => {
    const r = await runCli(['who', '--file', runbook, '--at', '2026-06-23T05:00:00Z']);
    expect(JSON.parse(r.stdout)).toMatchObject({ name: 'Bob', phone: '+15557654321' });
  });

  it('the rotation wraps modulo the entries: the fourth week is Alice again', async () => {
    const r = await runCli(['who', '--file', runbook, '--at', '2026-07-08T12:00:00Z']);
    expect(JSON.parse(r.stdout)).toMatchObject({ name: 'Alice' });
  });

  it('before the rotation starts nobody is on call: name and phone are null with a reason', async () => {
    const r = await runCli(['who', '--file', runbook, '--at', '2026-06-01T00:00:00Z']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ name: null, phone: null });
    expect(out.reason).toMatch(/not started/);
  });

  it('a schedule document hands off at 09:00 local time across the March DST change in Chicago', async () => {
    const sched = file('weekly-schedule.json');
    const before = JSON.parse((await runCli(['who', '--file', sched, '--at', '2026-03-09T13:59:00Z'])).stdout);
    const after = JSON.parse((await runCli(['who', '--file', sched, '--at', '2026-03-09T14:00:00Z'])).stdout);
    expect(before.name).toBe('Alice');
    expect(after).toMatchObject({ name: 'Bob', phone: '+15557654321', shiftStart: '2026-03-09T14:00:00.000Z' });
  });

  it('an override in a schedule document names someone outside the rotation', async () => {
    const r = await runCli(['who', '--file', file('weekly-schedule.json'), '--at', '2026-03-10T12:00:00Z']);
    expect(JSON.parse(r.stdout)).toMatchObject({ name: 'Dave', phone: '+15558765432', source: 'override' });
  });

  it('works through `npx nightline` from the repository root', async () => {
    const r = await runCli(['who', '--file', runbook, '--at', '2026-06-23T01:00:00Z'], { viaNpx: true });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).name).toBe('Alice');
  });
});

import { file, runCli } from './run-cli';

jest.setTimeout(60_000);

describe('nightline shifts', () => {
  it('prints contiguous shifts with names and phones that cover the whole range', async () => {
    const from = '2026-06-20T00:00:00Z';
    const to = '2026-07-10T00:00:00Z';
    const r = await runCli(['shifts', '--file', file('nightdesk-runbook.json'), '--from', from, '--to', to]);
    expect(r.code).toBe(0);
    const shifts = JSON.parse(r.stdout) as { name: string; phone: string; start: string; end: string }[];
    expect(shifts.map((s) => s.name)).toEqual(['Alice', 'Bob', 'Carol', 'Alice']);
    expect(shifts[0]!.start).toBe('2026-06-20T00:00:00.000Z');
    expect(shifts.at(-1)!.end).toBe('2026-07-10T00:00:00.000Z');
    for (let i = 1; i < shifts.length; i++) expect(shifts[i]!.start).toBe(shifts[i - 1]!.end);
    // Chicago midnight in summer is 05:00 UTC.
    expect(shifts[1]).toEqual(expect.objectContaining({ phone: '+15557654321', start: '2026-06-23T05:00:00.000Z', end: '2026-06-30T05:00:00.000Z' }));
  });
});

describe('nightline check', () => {
  it('a sound schedule has no problems and exits 0', async () => {
    const r = await runCli(['check', '--file', file('weekly-schedule.json'), '--from', '2026-03-02T15:00:00Z', '--to', '2026-04-01T00:00:00Z']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, problems: [] });
  });

  it('reports gaps, overlapping overrides and unknown members, and exits 1', async () => {
    const r = await runCli(['check', '--file', file('broken-schedule.json'), '--from', '2026-01-05T09:00:00Z', '--to', '2026-01-08T00:00:00Z']);
    expect(r.code).toBe(1);
    const { ok, problems } = JSON.parse(r.stdout) as { ok: boolean; problems: { kind: string; message: string }[] };
    expect(ok).toBe(false);
    const kinds = new Set(problems.map((p) => p.kind));
    expect(kinds).toEqual(new Set(['gap', 'overlapping_overrides', 'unknown_member']));
    expect(problems.find((p) => p.kind === 'gap')!.message).toMatch('2026-01-05T17:00:00.000Z');
    expect(problems.filter((p) => p.kind === 'unknown_member').map((p) => p.message).join('\n')).toMatch(/ghost[\s\S]*nobody/);
  });
});

describe('invalid input', () => {
  it.each([
    [['who', '--file', file('missing.json')], /cannot read .*missing\.json/],
    [['who'], /--file is required/],
    [['teleport', '--file', 'x'], /unknown command "teleport"/],
    [['who', '--file', file('nightdesk-runbook.json'), '--at', 'tomorrow'], /--at: "tomorrow" is not an ISO-8601 instant/],
    [['shifts', '--file', file('nightdesk-runbook.json'), '--from', '2026-06-20T00:00:00Z'], /--from and --to are required/],
    [['who', '--file', file('bad-timezone.json')], /timezone: must be an IANA time zone/],
    [['who', '--file', file('bad-runbook-phone.json')], /on_call_rotation\.schedule\.0\.phone: must be an E\.164/],
    [['who', '--file', file('not-json.txt')], /is not valid JSON/],
  ])('%j fails with a non-zero exit and one line naming the problem', async (args, message) => {
    const r = await runCli(args as string[]);
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });
});

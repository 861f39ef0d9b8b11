import { file, runCli } from './run-cli';

jest.setTimeout(60_000);

/** test/cli/files/seed-schedule.json is written exactly in the seed's Schedule and RotationMember shape. */
describe('nightline who with a schedule file in the seed shape', () => {
  const seed = file('seed-schedule.json');

  it('accepts email and notificationPrefs on members, and currentIndex names who is on call now', async () => {
    const r = await runCli(['who', '--file', seed]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ name: 'Bob', phone: '+15557654321', userId: 'bob', source: 'rotation' });
  });

  it('at the end of the current shift the next member in the list takes over, on Monday at 09:00 Chicago time', async () => {
    const now = JSON.parse((await runCli(['who', '--file', seed])).stdout);
    const next = JSON.parse((await runCli(['who', '--file', seed, '--at', now.shiftEnd])).stdout);
    expect(next).toMatchObject({ name: 'Carol', shiftStart: now.shiftEnd });
    const local = new Date(now.shiftEnd).toLocaleString('en-US', { timeZone: 'America/Chicago', weekday: 'long', hour: '2-digit', minute: '2-digit', hour12: false });
    expect(local).toBe('Monday 09:00');
  });

  it('a notification channel outside the seed list is refused with the field named', async () => {
    const r = await runCli(['who', '--file', file('seed-schedule-bad-channel.json')]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/members\.0\.notificationPrefs\.channels\.0/);
  });
});
